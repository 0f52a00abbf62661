using Bourse.Core.Events;
using Bourse.Store;

namespace Bourse.Server.Trading;

/// <summary>
/// A stored order in the shape the order answers are built from: the order event the live order views keep, so an order
/// from history is formatted by exactly the code that formats a recent one.
/// </summary>
internal static class StoredOrderState
{
    public static Event Of(StoredOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new Event
        {
            Type = EventType.OrderAccepted,
            OrderId = order.OrderId,
            UserId = order.UserId,
            MarketId = order.MarketId,
            ClientOrderId = order.ClientOrderId,
            Side = order.Side,
            OrderType = order.OrderType,
            TimeInForce = order.TimeInForce,
            SelfTradePrevention = order.SelfTradePrevention,
            Status = order.Status,
            Price = order.Price,
            Quantity = order.Quantity,
            QuoteQuantity = order.QuoteQuantity,
            StopPrice = order.StopPrice,
            IcebergQuantity = order.IcebergQuantity,
            ExecutedQuantity = order.ExecutedQuantity,
            CumulativeQuote = order.CumulativeQuote,
            PreventedQuantity = order.PreventedQuantity,
            CreatedAt = order.CreatedAt,
            WorkingTime = order.WorkingTime,
            Timestamp = order.UpdateTime,
            Sequence = order.LastSequence,
        };
    }
}
