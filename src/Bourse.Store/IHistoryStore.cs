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
    /// Synchronous on purpose: only the projection's own writer thread calls it, never a request.
    /// </summary>
    void Apply(IReadOnlyList<Event> events, long throughSequence);

    // Queries run on request threads, so they await the database. (SQLite's ADO.NET provider completes its async calls
    // synchronously; Npgsql's free the thread while the server works.)

    /// <summary>A user's orders in a market, ascending by order id.</summary>
    Task<IReadOnlyList<StoredOrder>> OrdersAsync(HistoryQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// One of a user's orders in a market, by id or else by client order id (the newest order that used it); null when
    /// there is none.
    /// </summary>
    Task<StoredOrder?> FindOrderAsync(long userId, int marketId, long? orderId, string? clientOrderId, CancellationToken cancellationToken);

    /// <summary>A user's fills in a market (one side of each trade), ascending by trade id.</summary>
    Task<IReadOnlyList<StoredFill>> FillsAsync(HistoryQuery query, CancellationToken cancellationToken);

    /// <summary>A user's balance changes, ascending by the sequence of the command that caused them.</summary>
    Task<IReadOnlyList<LedgerEntry>> LedgerAsync(long userId, int assetId, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>A user's deposits, withdrawals, transfers, converts and staking, newest first.</summary>
    Task<IReadOnlyList<Activity>> ActivitiesAsync(ActivityQuery query, CancellationToken cancellationToken);

    /// <summary>The user's newest activity of a kind with this reference (e.g. a convert's reference number); null if none.</summary>
    Task<Activity?> FindActivityAsync(long userId, ActivityKind kind, string reference, CancellationToken cancellationToken);

    /// <summary>A market's 1-minute klines whose open time is in [start, end], ascending; minutes without trades are absent.</summary>
    Task<IReadOnlyList<MinuteKline>> MinuteKlinesAsync(int marketId, long startTime, long endTime, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Minutes with open time in [start, end] summed into buckets of <paramref name="length"/> ms starting at
    /// <paramref name="offset"/> + k × length (weeks: offset to a Monday); each bucket's open time is its start. Ascending.
    /// </summary>
    Task<IReadOnlyList<MinuteKline>> KlineBucketsAsync(int marketId, long length, long offset, long start, long end, CancellationToken cancellationToken);

    /// <summary>The last minute with trades that opened before <paramref name="time"/>, and the market's first minute ever.</summary>
    Task<(MinuteKline? Before, long? FirstOpenTime)> KlineBoundsAsync(int marketId, long time, CancellationToken cancellationToken);
}
