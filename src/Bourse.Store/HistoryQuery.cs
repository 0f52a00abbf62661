namespace Bourse.Store;

/// <summary>
/// One page of a user's history in one market, as Binance's allOrders and myTrades ask for it. With
/// <see cref="FromId"/> or <see cref="StartTime"/> the page starts there and runs forward; with neither it is the
/// newest <see cref="Limit"/> rows up to <see cref="EndTime"/> and <see cref="ToId"/>. Either way rows come back ascending.
/// </summary>
public sealed record HistoryQuery(long UserId, int MarketId, int Limit)
{
    /// <summary>Orders: the first order id; fills: the first trade id.</summary>
    public long? FromId { get; init; }

    /// <summary>Fills only: just the fills of this order.</summary>
    public long? OrderId { get; init; }

    public long? StartTime { get; init; }

    public long? EndTime { get; init; }

    /// <summary>Orders: the last order id; fills: the last trade id. Newest-first paging sets this alone.</summary>
    public long? ToId { get; init; }
}
