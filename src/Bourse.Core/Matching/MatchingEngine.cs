using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core.Matching;

/// <summary>
/// The order books: placing, matching, canceling and triggering orders. Owns every open order (pooled, so the hot path
/// allocates nothing), the indexes that find them by id and client id, and each market's book, stops and last trade;
/// moves funds only through the ledger. Invariants: after every command no book is crossed; fills follow price-time
/// priority at the maker's price; an open order's <see cref="Order.Reserved"/> is exactly what it holds locked.
/// This file: bookkeeping shared by placement, matching and cancellation — pooling, registration, resting, events.
/// </summary>
internal sealed partial class MatchingEngine
{
    private readonly CommandScope _scope;
    private readonly CoreOptions _options;
    private readonly ReferenceData _referenceData;
    private readonly Ledger _ledger;
    private readonly Dictionary<long, Order> _openOrders = [];
    private readonly Dictionary<ClientOrderKey, Order> _openOrdersByClientId = [];
    private readonly Stack<Order> _orderPool = new();

    // The price levels the current command changed, with their displayed quantity before its first change.
    private TouchedLevel[] _touchedLevels = new TouchedLevel[64];
    private int _touchedLevelCount;

    public MatchingEngine(CommandScope scope, CoreOptions options, ReferenceData referenceData, Ledger ledger)
    {
        _scope = scope;
        _options = options;
        _referenceData = referenceData;
        _ledger = ledger;
    }

    public Order? GetOpenOrder(long orderId) => _openOrders.GetValueOrDefault(orderId);

    public int OpenOrderCount => _openOrders.Count;

    private Order RentOrder() => _orderPool.Count > 0 ? _orderPool.Pop() : new Order();

    private void ReturnOrder(Order order)
    {
        order.Reset();
        _orderPool.Push(order);
    }

    /// <summary>Makes an order findable by id and client id and lists it under its owner.</summary>
    private void Register(Order order, Account account)
    {
        _openOrders.Add(order.Id, order);
        if (order.ClientOrderId is not null)
        {
            _openOrdersByClientId.Add(new ClientOrderKey(order.UserId, order.ClientOrderId), order);
        }

        account.AddOpenOrder(order);
    }

    private void Unregister(Order order, Account account)
    {
        _openOrders.Remove(order.Id);
        if (order.ClientOrderId is not null)
        {
            _openOrdersByClientId.Remove(new ClientOrderKey(order.UserId, order.ClientOrderId));
        }

        account.RemoveOpenOrder(order);
    }

    private void Rest(Market market, Order order)
    {
        order.VisibleRemaining = order.IcebergQuantity > 0 ? Math.Min(order.IcebergQuantity, order.Remaining) : order.Remaining;
        var level = market.SideOf(order.Side).GetOrAddLevel(order.Price);
        TouchLevel(market, order.Side, level);
        level.Append(order);
    }

    /// <summary>Takes a resting order off the book, removing its level when it empties.</summary>
    private void Unrest(Market market, Order order)
    {
        var level = order.Level!;
        TouchLevel(market, order.Side, level);
        level.Remove(order);
        if (level.OrderCount == 0)
        {
            market.SideOf(order.Side).RemoveLevel(level);
        }
    }

    /// <summary>Returns an order's remaining reservation to its owner's available balance.</summary>
    private void ReleaseReservation(Market market, Order order, Account account)
    {
        if (order.Reserved == 0)
        {
            return;
        }

        _ledger.Unlock(account, PaymentAssetOf(market, order.Side), order.Reserved);
        order.Reserved = 0;
    }

    /// <summary>Ends an open order that leaves the book without trading further: canceled or expired.</summary>
    private void Close(Market market, Order order, Account account, EventType type, OrderStatus status, long preventedQuantity = 0)
    {
        if (order.IsPendingTrigger)
        {
            market.StopOrders.Remove(order);
        }
        else if (order.Level is not null)
        {
            Unrest(market, order);
        }

        ReleaseReservation(market, order, account);
        Unregister(order, account);
        ref var e = ref EmitOrder(type, order, status);
        e.PreventedQuantity = preventedQuantity;
        ReturnOrder(order);
    }

    private static int PaymentAssetOf(Market market, Side side) => side == Side.Buy ? market.Spec.QuoteAssetId : market.Spec.BaseAssetId;

    /// <summary>An open order's current state in the shape of its order events, for views starting from a recovered core.</summary>
    public static Event Describe(Order order)
    {
        var e = new Event { Type = EventType.OrderAccepted, Timestamp = order.WorkingTime == 0 ? order.CreatedAt : order.WorkingTime };
        Describe(order, order.Status, ref e);
        return e;
    }

    private static void Describe(Order order, OrderStatus status, ref Event e)
    {
        e.UserId = order.UserId;
        e.MarketId = order.MarketId;
        e.OrderId = order.Id;
        e.ClientOrderId = order.ClientOrderId;
        e.Side = order.Side;
        e.OrderType = order.Type;
        e.TimeInForce = order.TimeInForce;
        e.SelfTradePrevention = order.SelfTradePrevention;
        e.Status = status;
        e.Price = order.Price;
        e.Quantity = order.Quantity;
        e.QuoteQuantity = order.QuoteQuantity;
        e.StopPrice = order.StopPrice;
        e.IcebergQuantity = order.IcebergQuantity;
        e.ExecutedQuantity = order.ExecutedQuantity;
        e.CumulativeQuote = order.CumulativeQuote;
        e.CreatedAt = order.CreatedAt;
        e.WorkingTime = order.WorkingTime;
    }

    /// <summary>Forgets what an earlier, interrupted command touched.</summary>
    public void BeginCommand() => _touchedLevelCount = 0;

    /// <summary>Remembers a price level's displayed quantity before its first change in this command.</summary>
    private void TouchLevel(Market market, Side side, PriceLevel level)
    {
        if (level.TouchedBy == _scope.Sequence)
        {
            return;
        }

        level.TouchedBy = _scope.Sequence;
        if (_touchedLevelCount == _touchedLevels.Length)
        {
            Array.Resize(ref _touchedLevels, _touchedLevels.Length * 2);
        }

        _touchedLevels[_touchedLevelCount++] = new TouchedLevel(market, side, level.Price, level.VisibleQuantity);
    }

    /// <summary>Reports each price level whose displayed quantity the command changed, with its new quantity.</summary>
    public void EmitTouchedLevels()
    {
        for (var i = 0; i < _touchedLevelCount; i++)
        {
            ref var t = ref _touchedLevels[i];
            var now = t.Market.SideOf(t.Side).Find(t.Price)?.VisibleQuantity ?? 0;
            // A level emptied and re-created within the command is listed twice: report it once.
            var repeated = false;
            for (var j = 0; j < i && !repeated; j++)
            {
                repeated = _touchedLevels[j].Price == t.Price && _touchedLevels[j].Side == t.Side && ReferenceEquals(_touchedLevels[j].Market, t.Market);
            }

            if (!repeated && now != t.Visible)
            {
                if (t.Market.BookUpdatedBy != _scope.Sequence)
                {
                    t.Market.BookUpdateId++;
                    t.Market.BookUpdatedBy = _scope.Sequence;
                }

                ref var e = ref _scope.Emit(EventType.BookLevelChanged);
                e.MarketId = t.Market.Id;
                e.Side = t.Side;
                e.Price = t.Price;
                e.Quantity = now;
                e.BookUpdateId = t.Market.BookUpdateId;
            }

            t = default;
        }

        _touchedLevelCount = 0;
    }

    private ref Event EmitOrder(EventType type, Order order, OrderStatus status)
    {
        ref var e = ref _scope.Emit(type);
        Describe(order, status, ref e);
        return ref e;
    }

    private void EmitOrderRejected(in Command command, RejectReason reason)
    {
        ref var e = ref _scope.Emit(EventType.OrderRejected);
        e.Reason = reason;
        e.Status = OrderStatus.Rejected;
        e.UserId = command.UserId;
        e.MarketId = command.MarketId;
        e.OrderId = command.Sequence;
        e.ClientOrderId = command.ClientOrderId;
        e.Side = command.Side;
        e.OrderType = command.OrderType;
        e.TimeInForce = command.TimeInForce;
        e.SelfTradePrevention = command.SelfTradePrevention;
        e.Price = command.Price;
        e.Quantity = command.Quantity;
        e.QuoteQuantity = command.QuoteQuantity;
        e.StopPrice = command.StopPrice;
        e.IcebergQuantity = command.IcebergQuantity;
        e.CreatedAt = command.Timestamp;
    }

    private readonly record struct TouchedLevel(Market Market, Side Side, long Price, long Visible);

    private readonly record struct ClientOrderKey(long UserId, string ClientOrderId);
}
