namespace Bourse.Faults.Tests.Drills;

/// <summary>The server flags every drill shares.</summary>
public static class DrillArguments
{
    /// <summary>
    /// Demo markets with alice and bob funded and no market maker (so alice, bob, the fee and staking-rewards accounts
    /// are the only ones whose balances move), and limits high enough that the drill's own traffic never
    /// hits them: the limits have their own tests, and a 429 here would only slow the drill.
    /// </summary>
    public static readonly string[] Demo =
    [
        "--demo", "--Bourse:DemoMarketMaker=false",
        "--Bourse:Limits:AuthPerMinutePerIp=100000", "--Bourse:Limits:PlatformPerMinute=10000000",
        "--Bourse:RequestWeightPerMinute=100000000", "--Bourse:OrdersPer10Seconds=1000000", "--Bourse:OrdersPerDay=100000000",
    ];
}
