using Bourse.Core;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;

namespace Bourse.Server.Tests.Staking;

/// <summary>
/// The real core with two stakable assets and a seeded random stream of deposits, stakes, unstakes, reward payments and
/// releases, its clock jumping forward: the events views are fed, and the core state they must agree with.
/// </summary>
internal sealed class StakingExchange
{
    public const int Sol = 1;
    public const int Usdt = 2;
    public const long PeriodMs = 60_000;

    private readonly EventBuffer _buffer = new();
    private long _sequence;

    public StakingExchange()
    {
        Apply(Command.CreateAsset(new AssetSpec(Sol, "SOL", 8)));
        Apply(Command.CreateAsset(new AssetSpec(Usdt, "USDT", 6)));
        Apply(Command.SetStakingProduct(Sol, 80_000, 1_000, 3 * PeriodMs, PeriodMs));
        Apply(Command.SetStakingProduct(Usdt, 1_000_000, 1, 0, PeriodMs / 2));
        foreach (var asset in new[] { Sol, Usdt })
        {
            Apply(Command.Deposit(SystemAccounts.StakingRewards, asset, 1_000_000_000_000, $"rewards-{asset}"));
        }
    }

    public ExchangeCore Core { get; private set; } = new();

    public long Now { get; private set; } = 1_700_000_000_000;

    /// <summary>Every event so far, the set-up's included.</summary>
    public List<Event> Events { get; } = [];

    public IReadOnlyList<Event> Apply(Command command)
    {
        _buffer.Clear();
        Core.Apply(command.At(++_sequence, Now), _buffer);
        var events = _buffer.Events.ToArray();
        Events.AddRange(events);
        return events;
    }

    /// <summary>The core as recovery hands it to subscribers: loaded from a snapshot of the current state.</summary>
    public void Recover() => Core = ExchangeCore.LoadSnapshot(Core.SaveSnapshot());

    /// <summary>One random step: the clock moves, then a command that is often refused, sometimes not.</summary>
    public IReadOnlyList<Event> Step(Random random)
    {
        Now += random.Next(4) == 0 ? random.Next(1, 3 * (int)PeriodMs) : random.Next(0, 2_000);
        var user = random.Next(1, 6);
        var asset = random.Next(1, 3);
        var amount = random.NextInt64(1, 5_000_000);
        var reference = $"r{_sequence}";
        return Apply(random.Next(100) switch
        {
            < 15 => Command.Deposit(user, asset, random.NextInt64(1, 50_000_000), $"d{_sequence}"),
            < 45 => Command.Stake(user, asset, amount, reference),
            < 65 => Command.Unstake(user, asset,
                Core.GetStakingPosition(user, asset)?.StakedAmount is > 0 and var staked && random.Next(3) > 0 ? random.NextInt64(1, staked + 1) : amount,
                reference),
            < 88 => Command.PayStakingRewards(asset, Core.GetStakingProduct(asset)!.LastPaidPeriod + 1),
            _ => Command.ReleaseUnstaked(),
        });
    }
}
