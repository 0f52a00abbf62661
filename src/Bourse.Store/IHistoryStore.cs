using Bourse.Core.Events;

namespace Bourse.Store;

/// <summary>
/// The durable history of orders, fills, ledger entries and 1-minute klines, projected from engine events. The seam
/// SQLite and PostgreSQL plug into: one writer applies batches; any number of readers query.
/// </summary>
public interface IHistoryStore : IDisposable
{
    /// <summary>Which database this is ("sqlite", "postgres"), for logs.</summary>
    string Provider { get; }

    /// <summary>Creates the tables and indexes if they are missing. Safe to call on every start.</summary>
    void EnsureSchema();

    /// <summary>The last command sequence whose events are all in the store; 0 for an empty store.</summary>
    long ReadCheckpoint();

    /// <summary>
    /// Writes the rows of every event after the checkpoint and moves the checkpoint to
    /// <paramref name="throughSequence"/>, all in one transaction: a crash leaves either all of it or none. Events at or
    /// below the checkpoint are skipped, so applying a batch twice changes nothing. Events must be whole commands, in order.
    /// </summary>
    void Apply(IReadOnlyList<Event> events, long throughSequence);

    /// <summary>A user's orders in a market, ascending by order id.</summary>
    IReadOnlyList<StoredOrder> Orders(HistoryQuery query);

    /// <summary>
    /// One of a user's orders in a market, by id or else by client order id (the newest order that used it); null when
    /// there is none.
    /// </summary>
    StoredOrder? FindOrder(long userId, int marketId, long? orderId, string? clientOrderId);

    /// <summary>A user's fills in a market (one side of each trade), ascending by trade id.</summary>
    IReadOnlyList<Event> Fills(HistoryQuery query);

    /// <summary>A user's balance changes, ascending by the sequence of the command that caused them.</summary>
    IReadOnlyList<LedgerEntry> Ledger(long userId, int assetId, long afterSequence, int limit);

    /// <summary>A user's deposits, withdrawals, transfers, converts and staking, newest first.</summary>
    IReadOnlyList<Activity> Activities(ActivityQuery query);

    /// <summary>The user's newest activity of a kind with this reference (e.g. a convert's reference number); null if none.</summary>
    Activity? FindActivity(long userId, ActivityKind kind, string reference);

    /// <summary>A market's 1-minute klines whose open time is in [start, end], ascending; minutes without trades are absent.</summary>
    IReadOnlyList<MinuteKline> MinuteKlines(int marketId, long startTime, long endTime, int limit);

    /// <summary>
    /// Minutes with open time in [start, end] summed into buckets of <paramref name="length"/> ms starting at
    /// <paramref name="offset"/> + k × length (weeks: offset to a Monday); each bucket's open time is its start. Ascending.
    /// </summary>
    IReadOnlyList<MinuteKline> KlineBuckets(int marketId, long length, long offset, long start, long end);

    /// <summary>The last minute with trades that opened before <paramref name="time"/>, and the market's first minute ever.</summary>
    (MinuteKline? Before, long? FirstOpenTime) KlineBounds(int marketId, long time);
}
