using System.Collections.Frozen;
using Bourse.Core;
using Bourse.Core.Events;
using Bourse.Core.Staking;
using Bourse.Engine;

namespace Bourse.Server.Staking;

/// <summary>One user's stake in one asset as the view holds it: the lots still staked, oldest first, unstaked funds
/// waiting for release, soonest first, and every reward paid.</summary>
public sealed record StakingPositionView(int AssetId, IReadOnlyList<StakeLot> StakedLots, IReadOnlyList<UnbondingEntry> Unbonding, long TotalRewards)
{
    /// <summary>Staked and not unstaked (earning now or from the next period).</summary>
    public long Staked => StakedLots.Sum(l => l.Amount);

    /// <summary>The staked part that earns in <paramref name="period"/>; the rest was staked during it.</summary>
    public long EarningIn(long period) => StakedLots.Where(l => l.FirstPeriod <= period).Sum(l => l.Amount);
}

/// <summary>
/// Each user's staking positions and every product's reward period, for the GET endpoints: started from the recovered
/// core and kept current from the engine's staking events, so a read never waits behind the engine's queue. The
/// engine hands events to subscribers before it answers the command that caused them, so a stake is in the view
/// by the time its caller hears it was accepted. Written on the engine thread, read under a per-user lock.
/// </summary>
/// <remarks>
/// The lots follow the core's rules for the staked part only: a stake adds a lot earning from the period it names (lots
/// earning from the same period merge); an unstake takes from the newest lots. Unstaked parts still owed rewards for
/// ended periods stay in the core, which pays them; they are not staked any more, so the view needs only the payment.
/// </remarks>
public sealed class StakingView : IEventSubscriber
{
    private readonly Dictionary<long, UserStakes> _users = [];
    private readonly Lock _usersLock = new();
    private volatile FrozenDictionary<int, long> _periodMs = FrozenDictionary<int, long>.Empty;

    public void Initialize(ExchangeCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        _periodMs = core.StakingProducts.ToFrozenDictionary(p => p.AssetId, p => p.PeriodMs);
        foreach (var account in core.Accounts)
        {
            foreach (var position in core.StakingPositionsOf(account.UserId))
            {
                var user = User(account.UserId);
                lock (user)
                {
                    var stake = user.Position(position.AssetId);
                    foreach (var lot in position.Lots.Where(l => l.IsStaked))
                    {
                        stake.Add(lot.FirstPeriod, lot.Amount);
                    }

                    stake.TotalRewards = position.TotalRewards;
                }
            }
        }

        foreach (var entry in core.Unbonding)
        {
            var user = User(entry.UserId);
            lock (user)
            {
                user.Unbonding.Add(entry);
            }
        }
    }

    public void OnEvents(ReadOnlySpan<Event> events)
    {
        foreach (ref readonly var e in events)
        {
            switch (e.Type)
            {
                case EventType.StakingProductSet when !_periodMs.ContainsKey(e.AssetId):
                    // The period length never changes once set; only a new product changes the map.
                    _periodMs = _periodMs.Append(new KeyValuePair<int, long>(e.AssetId, e.Period)).ToFrozenDictionary();
                    break;
                case EventType.Staked:
                    var staker = User(e.UserId);
                    lock (staker)
                    {
                        staker.Position(e.AssetId).Add(e.Period, e.Amount);
                    }

                    break;
                case EventType.UnstakeStarted:
                    var unstaker = User(e.UserId);
                    lock (unstaker)
                    {
                        unstaker.Position(e.AssetId).TakeNewest(e.Amount);
                        unstaker.Unbonding.Add(new UnbondingEntry(e.ReferenceId, e.UserId, e.AssetId, e.Amount, e.ReleaseAt, e.Reference!));
                    }

                    break;
                case EventType.UnstakeReleased:
                    var owner = User(e.UserId);
                    var released = e.ReferenceId;
                    lock (owner)
                    {
                        owner.Unbonding.RemoveWhere(u => u.Id == released);
                    }

                    break;
                case EventType.StakingRewardPaid:
                    var earner = User(e.UserId);
                    lock (earner)
                    {
                        earner.Position(e.AssetId).TotalRewards += e.Amount;
                    }

                    break;
            }
        }
    }

    /// <summary>The user's positions (one per asset ever staked), by asset id.</summary>
    public IReadOnlyList<StakingPositionView> PositionsOf(long userId)
    {
        var user = User(userId);
        lock (user)
        {
            return [.. user.Positions.Select(p => new StakingPositionView(p.Key, p.Value.Lots(), [.. user.Unbonding.Where(u => u.AssetId == p.Key)],
                p.Value.TotalRewards))];
        }
    }

    /// <summary>Each stakable asset's reward period length (ms), by asset id.</summary>
    public IReadOnlyDictionary<int, long> PeriodMs => _periodMs;

    private UserStakes User(long userId)
    {
        lock (_usersLock)
        {
            if (!_users.TryGetValue(userId, out var user))
            {
                user = new UserStakes();
                _users[userId] = user;
            }

            return user;
        }
    }

    private sealed class UserStakes
    {
        public SortedDictionary<int, Stake> Positions { get; } = [];

        /// <summary>Soonest release first, as the core releases them.</summary>
        public SortedSet<UnbondingEntry> Unbonding { get; } = new(Comparer<UnbondingEntry>.Create(
            static (a, b) => a.ReleaseAt != b.ReleaseAt ? a.ReleaseAt.CompareTo(b.ReleaseAt) : a.Id.CompareTo(b.Id)));

        public Stake Position(int assetId)
        {
            if (!Positions.TryGetValue(assetId, out var stake))
            {
                stake = new Stake();
                Positions[assetId] = stake;
            }

            return stake;
        }
    }

    private sealed class Stake
    {
        // Staked amount by the period it earns from: the newest stakes have the highest periods.
        private readonly SortedDictionary<long, long> _lots = [];

        public long TotalRewards { get; set; }

        public void Add(long firstPeriod, long amount) => _lots[firstPeriod] = _lots.GetValueOrDefault(firstPeriod) + amount;

        public void TakeNewest(long amount)
        {
            while (amount > 0 && _lots.Count > 0)
            {
                var (firstPeriod, staked) = _lots.Last();
                var taken = Math.Min(staked, amount);
                amount -= taken;
                if (taken == staked)
                {
                    _lots.Remove(firstPeriod);
                }
                else
                {
                    _lots[firstPeriod] = staked - taken;
                }
            }
        }

        public List<StakeLot> Lots() => [.. _lots.Select(l => new StakeLot(l.Value, l.Key, StakeLot.Open))];
    }
}
