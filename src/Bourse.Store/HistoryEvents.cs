using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Store;

/// <summary>What the history makes of one engine event: the rows it writes.</summary>
public enum HistoryRow
{
    /// <summary>Not kept: the projection does not even queue it.</summary>
    None,

    /// <summary>The order's latest state.</summary>
    Order,

    /// <summary>The order's latest state and the fill that brought it there.</summary>
    OrderAndFill,

    LedgerEntry,

    /// <summary>The trade's minute kline.</summary>
    Kline,

    /// <summary>A wallet activity (<see cref="ActivityEvents"/>).</summary>
    Activity,
}

/// <summary>
/// The one list of which engine events the history keeps, and as what. The projection queues exactly the events this
/// keeps and the store writes them by it, so the two cannot disagree about an event type.
/// </summary>
public static class HistoryEvents
{
    public static HistoryRow RowOf(in Event e) => e.Type switch
    {
        EventType.OrderAccepted or EventType.OrderCanceled or EventType.OrderExpired or EventType.OrderTriggered => HistoryRow.Order,
        EventType.OrderPartiallyFilled or EventType.OrderFilled => HistoryRow.OrderAndFill,
        // Every other refused order never existed; a fill-or-kill that could not fill is reported EXPIRED.
        EventType.OrderRejected when e.Reason == RejectReason.FokNotFillable => HistoryRow.Order,
        EventType.BalanceChanged => HistoryRow.LedgerEntry,
        EventType.Trade => HistoryRow.Kline,
        var type when ActivityEvents.Records(type) => HistoryRow.Activity,
        _ => HistoryRow.None,
    };

    public static bool Keeps(in Event e) => RowOf(in e) != HistoryRow.None;
}
