using Bourse.Core;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Engine;

namespace Bourse.Server.Views;

/// <summary>
/// Each user's balances, open orders, recent orders and restrictions (what an operator froze): started from the recovered core and kept current from the
/// engine's events after each durable batch. Written on the engine thread, read by request threads under a per-user
/// lock. Recent orders answer order queries without a database round trip; full history is the store's.
/// </summary>
public sealed class AccountViews : IEventSubscriber
{
    private const int MaxRecentOrders = 2_000;
    private readonly Dictionary<long, UserView> _users = [];
    private readonly Lock _usersLock = new();

    /// <summary>Starts from the recovered balances and open orders; recent history is the store's job.</summary>
    public void Initialize(ExchangeCore core)
    {
        foreach (var account in core.Accounts)
        {
            var user = User(account.UserId);
            lock (user)
            {
                user.Restrictions = account.Restrictions;
                user.FeeTier = account.FeeTier;
                foreach (var asset in core.Assets)
                {
                    var balance = account.GetBalance(asset.Id);
                    if (balance.Total != 0)
                    {
                        user.Balances[asset.Id] = (balance.Available, balance.Locked, balance.Staked);
                    }
                }

                foreach (var order in account.OpenOrders)
                {
                    var state = ExchangeCore.Describe(order);
                    user.Open[order.Id] = new OrderView(state, state.Timestamp);
                    user.Recent[order.Id] = user.Open[order.Id];
                    user.RecentOrder.Enqueue(order.Id);
                }
            }
        }
    }

    public void OnEvents(ReadOnlySpan<Event> events)
    {
        foreach (ref readonly var e in events)
        {
            switch (e.Type)
            {
                case EventType.BalanceChanged:
                    var balances = User(e.UserId);
                    lock (balances)
                    {
                        balances.Balances[e.AssetId] = (e.Available, e.Locked, e.Staked);
                        balances.UpdateTime = e.Timestamp;
                    }

                    break;
                case EventType.OrderAccepted or EventType.OrderPartiallyFilled or EventType.OrderFilled or EventType.OrderCanceled
                    or EventType.OrderExpired or EventType.OrderTriggered or EventType.OrderRejected:
                    Apply(in e);
                    break;
                case EventType.UserFeeTierChanged:
                    var tiered = User(e.UserId);
                    lock (tiered)
                    {
                        tiered.FeeTier = (int)e.Amount;
                    }

                    break;
                case EventType.AccountRestrictionsChanged:
                    var restricted = User(e.UserId);
                    lock (restricted)
                    {
                        restricted.Restrictions = e.Restrictions;
                    }

                    break;
            }
        }
    }

    private void Apply(in Event e)
    {
        // A refused order never existed, except a fill-or-kill that could not fill: Binance reports that one EXPIRED.
        if (e.Type == EventType.OrderRejected && e.Reason != RejectReason.FokNotFillable)
        {
            return;
        }

        var user = User(e.UserId);
        lock (user)
        {
            var view = new OrderView(e, e.Timestamp);
            if (view.IsOpen)
            {
                user.Open[e.OrderId] = view;
            }
            else
            {
                user.Open.Remove(e.OrderId);
            }

            if (user.Recent.TryAdd(e.OrderId, view))
            {
                user.RecentOrder.Enqueue(e.OrderId);
                if (user.RecentOrder.Count > MaxRecentOrders)
                {
                    user.Recent.Remove(user.RecentOrder.Dequeue());
                }
            }
            else
            {
                user.Recent[e.OrderId] = view;
            }
        }
    }

    /// <summary>Available and locked per asset id; assets never held are absent.</summary>
    public (IReadOnlyDictionary<int, (long Available, long Locked, long Staked)> Balances, long UpdateTime) Balances(long userId)
    {
        var user = User(userId);
        lock (user)
        {
            return (new Dictionary<int, (long, long, long)>(user.Balances), user.UpdateTime);
        }
    }

    /// <summary>Every user's balances as <see cref="Balances"/> gives them, the exchange's own accounts included.</summary>
    public List<(long UserId, IReadOnlyDictionary<int, (long Available, long Locked, long Staked)> Balances)> EveryBalance()
    {
        List<KeyValuePair<long, UserView>> users;
        lock (_usersLock)
        {
            users = [.. _users];
        }

        var balances = new List<(long, IReadOnlyDictionary<int, (long, long, long)>)>(users.Count);
        foreach (var (userId, user) in users)
        {
            lock (user)
            {
                balances.Add((userId, new Dictionary<int, (long, long, long)>(user.Balances)));
            }
        }

        return balances;
    }

    /// <summary>What is frozen on the user's account (trading, withdrawals) and its fee tier, as of the last durable batch.</summary>
    public (AccountRestrictions Restrictions, int FeeTier) Standing(long userId)
    {
        lock (_usersLock)
        {
            if (!_users.TryGetValue(userId, out var known))
            {
                return (AccountRestrictions.None, 0);
            }

            lock (known)
            {
                return (known.Restrictions, known.FeeTier);
            }
        }
    }

    public IReadOnlyList<OrderView> OpenOrders(long userId, int? marketId = null)
    {
        var user = User(userId);
        lock (user)
        {
            return user.Open.Values.Where(o => marketId is null || o.State.MarketId == marketId).OrderBy(o => o.OrderId).ToList();
        }
    }

    /// <summary>An open or recent order of this user, by id or client order id; null when unknown to this view.</summary>
    public OrderView? FindOrder(long userId, int marketId, long orderId, string? clientOrderId)
    {
        var user = User(userId);
        lock (user)
        {
            if (orderId != 0)
            {
                return user.Recent.TryGetValue(orderId, out var byId) && byId.State.MarketId == marketId ? byId : null;
            }

            // Open orders first (client ids are unique among them), then the most recent closed one.
            return user.Open.Values.FirstOrDefault(o => o.State.MarketId == marketId && o.State.ClientOrderId == clientOrderId)
                ?? user.Recent.Values.Where(o => o.State.MarketId == marketId && o.State.ClientOrderId == clientOrderId).MaxBy(o => o.OrderId);
        }
    }

    private UserView User(long userId)
    {
        lock (_usersLock)
        {
            if (!_users.TryGetValue(userId, out var user))
            {
                user = new UserView();
                _users[userId] = user;
            }

            return user;
        }
    }

    private sealed class UserView
    {
        public Dictionary<int, (long Available, long Locked, long Staked)> Balances { get; } = [];

        public long UpdateTime { get; set; }

        public AccountRestrictions Restrictions { get; set; }

        public int FeeTier { get; set; }

        public Dictionary<long, OrderView> Open { get; } = [];

        public Dictionary<long, OrderView> Recent { get; } = [];

        /// <summary>Order ids in the order first seen, so the oldest is evicted first.</summary>
        public Queue<long> RecentOrder { get; } = new();
    }
}
