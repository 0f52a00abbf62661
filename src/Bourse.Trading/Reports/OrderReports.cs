using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Trading;

/// <summary>
/// Reads orders out of engine events. Order events carry the order's whole state after each change, so the last one
/// about an order is its state; fill events carry the trade, price, quantity and the commission that order paid.
/// </summary>
public static class OrderReports
{
    /// <summary>The order placed by the command whose events these are, or the reason it was refused.</summary>
    public static PlacedOrder Placed(ReadOnlySpan<Event> events)
    {
        var first = IndexOfNewOrder(events);
        if (first < 0)
        {
            return new PlacedOrder(null, FirstRejection(events), 0);
        }

        var state = events[first];
        var transactTime = state.Timestamp;
        var fills = new List<FillReport>();
        if (state.Type == EventType.OrderRejected)
        {
            if (state.Reason != RejectReason.FokNotFillable)
            {
                return new PlacedOrder(null, state.Reason, transactTime);
            }

            return new PlacedOrder(Of(state, state.Timestamp), null, transactTime);
        }

        for (var i = first; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            if (e.OrderId != state.OrderId || !IsOrderEvent(e.Type))
            {
                continue;
            }

            if (e.Type is EventType.OrderPartiallyFilled or EventType.OrderFilled)
            {
                fills.Add(new FillReport(e.TradeId, e.LastPrice, e.LastQuantity, e.Commission, e.CommissionAssetId));
            }

            state = e;
        }

        return new PlacedOrder(Of(state, state.Timestamp) with { Fills = fills }, null, transactTime);
    }

    /// <summary>
    /// The order whose latest event is <paramref name="state"/>; <paramref name="updatedAt"/> is when that event
    /// happened (the event's own time, or the time the store or view kept with it).
    /// </summary>
    public static OrderReport Of(in Event state, long updatedAt)
    {
        var status = StatusOf(state);
        var refusedFok = status == OrderStatus.Expired && state.Type == EventType.OrderRejected;
        return new OrderReport
        {
            OrderId = state.OrderId,
            MarketId = state.MarketId,
            ClientOrderId = state.ClientOrderId,
            Side = state.Side,
            Type = state.OrderType,
            TimeInForce = state.TimeInForce,
            Status = status,
            Price = state.Price,
            OriginalQuantity = state.QuoteQuantity > 0 ? state.ExecutedQuantity : state.Quantity,
            ExecutedQuantity = state.ExecutedQuantity,
            CumulativeQuote = state.CumulativeQuote,
            QuoteQuantity = state.QuoteQuantity,
            StopPrice = IsStop(state.OrderType) ? state.StopPrice : null,
            IcebergQuantity = state.IcebergQuantity,
            SelfTradePrevention = state.SelfTradePrevention,
            CreatedAt = state.CreatedAt,
            UpdatedAt = updatedAt,
            // A refused fill-or-kill worked for the instant it was matched.
            WorkingTime = refusedFok ? state.Timestamp : state.WorkingTime > 0 ? state.WorkingTime : -1,
            PreventedMatchId = status == OrderStatus.ExpiredInMatch ? PreventedMatchIdOf(state) : null,
            PreventedQuantity = state.PreventedQuantity,
        };
    }

    /// <summary>
    /// The status to report for an order whose latest event is <paramref name="state"/>: a fill-or-kill the core refused
    /// as unfillable is EXPIRED, as exchanges report it.
    /// </summary>
    public static OrderStatus StatusOf(in Event state) =>
        state.Type == EventType.OrderRejected && state.Reason == RejectReason.FokNotFillable ? OrderStatus.Expired : state.Status;

    /// <summary>
    /// The id of a prevented match. The core does not number them; the sequence of the command in which the match was
    /// prevented is unique per command, which is as much as clients use it for.
    /// </summary>
    public static long PreventedMatchIdOf(in Event state) => state.Sequence;

    /// <summary>The new order's first event: accepted or refused, with the id of the command that placed it.</summary>
    private static int IndexOfNewOrder(ReadOnlySpan<Event> events)
    {
        for (var i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            if (e.Type is (EventType.OrderAccepted or EventType.OrderRejected) && e.OrderId == e.Sequence)
            {
                return i;
            }
        }

        return -1;
    }

    private static RejectReason? FirstRejection(ReadOnlySpan<Event> events)
    {
        foreach (ref readonly var e in events)
        {
            if (e.Type is EventType.CommandRejected or EventType.OrderRejected)
            {
                return e.Reason;
            }
        }

        return null;
    }

    private static bool IsOrderEvent(EventType type) => type is EventType.OrderAccepted or EventType.OrderRejected
        or EventType.OrderPartiallyFilled or EventType.OrderFilled or EventType.OrderCanceled or EventType.OrderExpired
        or EventType.OrderTriggered;

    private static bool IsStop(OrderType type) => type is OrderType.StopLossLimit or OrderType.TakeProfitLimit;
}
