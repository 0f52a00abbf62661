using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Core.Tests.Staking;

/// <summary>
/// A core with SOL (9 decimals) and USDT (6 decimals) and a clock the test moves, for staking. Every command it applies
/// is followed by the conservation check, with the staked part of each balance matched against positions and unbonding.
/// </summary>
public sealed class StakingExchange
{
    public const int Sol = 1;
    public const int Usdt = 2;
    public const long Day = 24 * 60 * 60 * 1000;
    public const long Rewards = SystemAccounts.StakingRewards;

    // 2026-11-30 00:00 UTC: a whole number of days (and minutes) since the epoch.
    public const long Start = 1_796_083_200_000;

    private readonly EventBuffer _buffer = new();
    private readonly Dictionary<int, long> _netDeposits = [];
    private long _sequence;

    public StakingExchange()
    {
        Now = Start;
        Ok(Command.CreateAsset(new AssetSpec(Sol, "SOL", 9)));
        Ok(Command.CreateAsset(new AssetSpec(Usdt, "USDT", 6)));
    }

    public ExchangeCore Core { get; private set; } = new();

    public List<Command> Log { get; } = [];

    /// <summary>Unix ms the next command is stamped with.</summary>
    public long Now { get; set; }

    public List<Event> Apply(Command command)
    {
        var stamped = command.At(++_sequence, Now);
        Log.Add(stamped);
        _buffer.Clear();
        Core.Apply(stamped, _buffer);
        var events = _buffer.Events.ToArray().ToList();
        foreach (var e in events)
        {
            if (e.Type == EventType.DepositCredited)
            {
                _netDeposits[e.AssetId] = _netDeposits.GetValueOrDefault(e.AssetId) + e.Amount;
            }
            else if (e.Type == EventType.WithdrawalCompleted)
            {
                _netDeposits[e.AssetId] -= e.Amount;
            }
        }

        Check(Core, _netDeposits);
        return events;
    }

    public List<Event> Ok(Command command)
    {
        var events = Apply(command);
        var rejection = events.FirstOrDefault(e => e.Type is EventType.CommandRejected or EventType.OrderRejected);
        Assert.True(rejection.Type == EventType.None, $"{command.Type} was rejected: {rejection.Reason}");
        return events;
    }

    /// <summary>Asserts a command is rejected for <paramref name="reason"/> and that the state did not change; returns the rejection.</summary>
    public Event Rejected(Command command, RejectReason reason)
    {
        var before = Core.ComputeStateHash();
        var events = Apply(command);
        var rejection = Assert.Single(events);
        Assert.Equal(EventType.CommandRejected, rejection.Type);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(before, Core.ComputeStateHash());
        return rejection;
    }

    public void Deposit(long userId, int assetId, long amount) => Ok(Command.Deposit(userId, assetId, amount, $"d-{_sequence + 1}"));

    public Balance Balance(long userId, int assetId) => Core.GetBalance(userId, assetId);

    /// <summary>Replaces the core with one restored from its snapshot (the state must survive it exactly).</summary>
    public void Restore()
    {
        var hash = Core.ComputeStateHash();
        Core = ExchangeCore.LoadSnapshot(Core.SaveSnapshot());
        Assert.Equal(hash, Core.ComputeStateHash());
    }

    /// <summary>Conservation and non-negativity, and every staked amount accounted for by a position or an unbonding entry.</summary>
    public static void Check(ExchangeCore core, IReadOnlyDictionary<int, long> netDeposits)
    {
        foreach (var asset in core.Assets)
        {
            long total = 0;
            foreach (var account in core.Accounts)
            {
                var balance = account.GetBalance(asset.Id);
                Assert.True(balance.Available >= 0 && balance.Locked >= 0 && balance.Staked >= 0, $"user {account.UserId} {asset.Code}: negative balance");
                total += balance.Total;
                var staked = (core.GetStakingPosition(account.UserId, asset.Id)?.StakedAmount ?? 0)
                    + core.UnbondingOf(account.UserId).Where(u => u.AssetId == asset.Id).Sum(u => u.Amount);
                Assert.Equal(staked, balance.Staked);
            }

            Assert.Equal(netDeposits.GetValueOrDefault(asset.Id), core.SupplyOf(asset.Id));
            Assert.Equal(core.SupplyOf(asset.Id), total);
        }
    }
}
