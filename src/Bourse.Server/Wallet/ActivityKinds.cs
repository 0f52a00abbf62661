using Bourse.Store;

namespace Bourse.Server.Wallet;

/// <summary>The wire names of <see cref="ActivityKind"/> (snake_case; clients filter by them, so they never change).</summary>
public static class ActivityKinds
{
    private static readonly Dictionary<ActivityKind, string> Names = new()
    {
        [ActivityKind.Deposit] = "deposit",
        [ActivityKind.Withdrawal] = "withdrawal",
        [ActivityKind.TransferOut] = "transfer_out",
        [ActivityKind.TransferIn] = "transfer_in",
        [ActivityKind.Convert] = "convert",
        [ActivityKind.Stake] = "stake",
        [ActivityKind.Unstake] = "unstake",
        [ActivityKind.StakingReward] = "staking_reward",
        [ActivityKind.UnstakeReleased] = "unstake_released",
        [ActivityKind.Adjustment] = "adjustment",
    };

    private static readonly Dictionary<string, ActivityKind> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IEnumerable<string> All => Names.Values;

    public static string Name(ActivityKind kind) => Names.GetValueOrDefault(kind, "unknown");

    public static bool TryParse(string name, out ActivityKind kind) => ByName.TryGetValue(name, out kind);
}
