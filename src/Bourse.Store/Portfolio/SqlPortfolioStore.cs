using System.Data.Common;
using System.Globalization;

namespace Bourse.Store.Portfolio;

/// <summary>
/// What the portfolio reads and writes in the history database: its own <c>portfolio_snapshots</c> table (value over
/// time) and read-only aggregate queries over the <c>trades</c> and <c>activities</c> tables the history projection
/// writes. A separate class (and connection pool) from <see cref="SqlHistoryStore"/>, which stays the only writer of
/// those tables.
/// </summary>
public sealed class SqlPortfolioStore(SqlDialect dialect) : IDisposable
{
    /// <summary>How many commands one price query asks about.</summary>
    public const int PriceBatch = 500;

    private long _roundTrips;

    /// <summary>Append-only: never edit a shipped migration, add one.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new("portfolio-001", """
            CREATE TABLE IF NOT EXISTS portfolio_snapshots (
                user_id BIGINT NOT NULL,
                quote_asset_id INTEGER NOT NULL,
                time BIGINT NOT NULL,
                value BIGINT NOT NULL,
                PRIMARY KEY (user_id, quote_asset_id, time)
            )
            """),
    ];

    public string Provider => dialect.Provider;

    /// <summary>Queries sent to the database so far: what a read costs in round trips, for tests and benchmarks.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Opens the portfolio tables in the history database (<c>history.db</c> for SQLite) and migrates them.</summary>
    public static SqlPortfolioStore Open(string? provider, string? connectionString, string dataDirectory)
    {
        var store = new SqlPortfolioStore(SqlDialects.Open(provider, connectionString, dataDirectory, "history.db"));
        store.EnsureSchema();
        return store;
    }

    public void EnsureSchema() => SchemaMigrations.Apply(dialect, Migrations);

    /// <summary>Writes snapshots in one transaction; a snapshot already recorded for that user, quote and time is kept.</summary>
    public async Task RecordAsync(IReadOnlyCollection<PortfolioSnapshot> snapshots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var insert = new SqlStatement(connection, transaction, """
                    INSERT INTO portfolio_snapshots (user_id, quote_asset_id, time, value) VALUES (@user_id, @quote_asset_id, @time, @value)
                    ON CONFLICT (user_id, quote_asset_id, time) DO NOTHING
                    """);
                foreach (var s in snapshots)
                {
                    await insert.Set("@user_id", s.UserId).Set("@quote_asset_id", s.QuoteAssetId).Set("@time", s.Time).Set("@value", s.Value)
                        .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A user's snapshots in one quote asset with time in [from, to], ascending; when more than
    /// <paramref name="limit"/> match, the newest <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<PortfolioSnapshot>> SnapshotsAsync(long userId, int quoteAssetId, long from, long to, int limit,
        CancellationToken cancellationToken)
    {
        var snapshots = await QueryAsync("""
            SELECT user_id, quote_asset_id, time, value FROM portfolio_snapshots
            WHERE user_id = @user_id AND quote_asset_id = @quote_asset_id AND time >= @from AND time <= @to
            ORDER BY time DESC LIMIT @limit
            """, select => select.Set("@user_id", userId).Set("@quote_asset_id", quoteAssetId).Set("@from", from).Set("@to", to).Set("@limit", limit),
            r => new PortfolioSnapshot(r.GetInt64(0), r.GetInt64(2), r.GetInt32(1), r.GetInt64(3)), cancellationToken).ConfigureAwait(false);
        snapshots.Reverse();
        return snapshots;
    }

    /// <summary>Every fill of a user in every market, in the order the engine made them.</summary>
    public Task<IReadOnlyList<StoredFill>> FillsAsync(long userId, CancellationToken cancellationToken) =>
        FillsAsync(userId, 0, long.MaxValue, cancellationToken);

    /// <summary>A user's fills of the commands after <paramref name="afterSequence"/> through <paramref name="throughSequence"/>, in the order the engine made them.</summary>
    public async Task<IReadOnlyList<StoredFill>> FillsAsync(long userId, long afterSequence, long throughSequence, CancellationToken cancellationToken) =>
        await QueryAsync($"""
            SELECT {SqlHistoryStore.FillColumns} FROM trades WHERE user_id = @user_id AND sequence > @after AND sequence <= @through
            ORDER BY sequence, market_id, trade_id
            """, select => select.Set("@user_id", userId).Set("@after", afterSequence).Set("@through", throughSequence), SqlHistoryStore.ReadFill,
            cancellationToken).ConfigureAwait(false);

    /// <summary>Every activity of a user of these kinds, oldest first.</summary>
    public Task<IReadOnlyList<Activity>> ActivitiesAsync(long userId, IReadOnlyCollection<ActivityKind> kinds, CancellationToken cancellationToken) =>
        ActivitiesAsync(userId, kinds, 0, long.MaxValue, cancellationToken);

    /// <summary>A user's activities of these kinds after <paramref name="afterSequence"/> through <paramref name="throughSequence"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Activity>> ActivitiesAsync(long userId, IReadOnlyCollection<ActivityKind> kinds, long afterSequence, long throughSequence,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0)
        {
            return [];
        }

        // Kinds are enum values, so listing them inline is safe.
        var listed = string.Join(',', kinds.Select(k => ((int)k).ToString(CultureInfo.InvariantCulture)));
        return await QueryAsync($"""
            SELECT {SqlHistoryStore.ActivityColumns} FROM activities
            WHERE user_id = @user_id AND kind IN ({listed}) AND sequence > @after AND sequence <= @through ORDER BY sequence, event_index
            """, select => select.Set("@user_id", userId).Set("@after", afterSequence).Set("@through", throughSequence), SqlHistoryStore.ReadActivity,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A user's activities summed per kind and asset.</summary>
    public async Task<IReadOnlyList<ActivityTotal>> ActivityTotalsAsync(long userId, CancellationToken cancellationToken) =>
        await QueryAsync("""
            SELECT kind, asset_id, SUM(amount), SUM(fee), COUNT(*) FROM activities
            WHERE user_id = @user_id GROUP BY kind, asset_id ORDER BY kind, asset_id
            """, select => select.Set("@user_id", userId),
            r => new ActivityTotal((ActivityKind)r.GetInt32(0), r.GetInt32(1), Long(r, 2), Long(r, 3), Long(r, 4)), cancellationToken).ConfigureAwait(false);

    /// <summary>The trading commissions a user paid, summed per asset.</summary>
    public async Task<IReadOnlyList<CommissionTotal>> CommissionTotalsAsync(long userId, CancellationToken cancellationToken) =>
        await QueryAsync("""
            SELECT commission_asset_id, SUM(commission), COUNT(*) FROM trades
            WHERE user_id = @user_id AND commission <> 0 GROUP BY commission_asset_id ORDER BY commission_asset_id
            """, select => select.Set("@user_id", userId), r => new CommissionTotal(r.GetInt32(0), Long(r, 1), Long(r, 2)), cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// The fees a user's converts paid, summed per asset (a convert's fee is in the asset it received). A convert's own
    /// legs are not fills of the user in <c>trades</c>, so these are not in <see cref="CommissionTotalsAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<CommissionTotal>> ConvertFeeTotalsAsync(long userId, CancellationToken cancellationToken) =>
        await QueryAsync($"""
            SELECT to_asset_id, SUM(fee), COUNT(*) FROM activities
            WHERE user_id = @user_id AND kind = {(int)ActivityKind.Convert} AND fee <> 0 GROUP BY to_asset_id ORDER BY to_asset_id
            """, select => select.Set("@user_id", userId), r => new CommissionTotal(r.GetInt32(0), Long(r, 1), Long(r, 2)), cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// A market's trade price as of command <paramref name="sequence"/>: the last trade at or before it, or else the
    /// first trade after it (the nearest known price); null when the market never traded. Exact, unlike a kline close,
    /// which may include later trades of the same minute.
    /// </summary>
    public async Task<long?> TradePriceAtAsync(int marketId, long sequence, CancellationToken cancellationToken) =>
        (await TradePricesAtAsync(marketId, [sequence], cancellationToken).ConfigureAwait(false)).TryGetValue(sequence, out var price) ? price : null;

    /// <summary>
    /// <see cref="TradePriceAtAsync"/> for many commands of one market, <see cref="PriceBatch"/> of them a round trip,
    /// each an index seek (<c>trades_by_market_sequence</c>; trade ids grow with sequences within a market). Commands
    /// the market has no price for are left out. Cancellation is honoured between batches.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, long>> TradePricesAtAsync(int marketId, IEnumerable<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var prices = new Dictionary<long, long>();
        var wanted = sequences.Distinct().Order().ToList();
        if (wanted.Count == 0)
        {
            return prices;
        }

        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var batch in wanted.Chunk(PriceBatch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref _roundTrips);
                // Sequences are longs, so listing them inline is safe (and keeps clear of parameter limits).
                var listed = string.Join(',', batch.Select(q => "(" + q.ToString(CultureInfo.InvariantCulture) + ")"));
                using var select = new SqlStatement(connection, null, $"""
                    WITH wanted (at_sequence) AS (VALUES {listed})
                    SELECT at_sequence, COALESCE(
                        (SELECT price FROM trades WHERE market_id = @market_id AND sequence <= wanted.at_sequence ORDER BY sequence DESC, trade_id DESC LIMIT 1),
                        (SELECT price FROM trades WHERE market_id = @market_id AND sequence > wanted.at_sequence ORDER BY sequence, trade_id LIMIT 1))
                    FROM wanted
                    """);
                select.Set("@market_id", marketId);
                foreach (var (at, price) in await select.ReadAllAsync(r => (Long(r, 0), r.IsDBNull(1) ? (long?)null : Long(r, 1)), cancellationToken).ConfigureAwait(false))
                {
                    if (price is { } p)
                    {
                        prices[at] = p;
                    }
                }
            }
        }

        return prices;
    }

    public void Dispose() => dialect.Dispose();

    /// <summary>One query on its own pooled connection: binds the parameters, maps every row.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, Action<SqlStatement> bind, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _roundTrips);
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = new SqlStatement(connection, null, sql);
            bind(select);
            return await select.ReadAllAsync(map, cancellationToken).ConfigureAwait(false);
        }
    }

    // SUM widens on PostgreSQL (numeric).
    private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
