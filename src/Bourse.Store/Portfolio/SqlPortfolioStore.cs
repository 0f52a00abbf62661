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
    public async Task<IReadOnlyList<StoredFill>> FillsAsync(long userId, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {SqlHistoryStore.FillColumns} FROM trades WHERE user_id = @user_id ORDER BY sequence, market_id, trade_id",
            select => select.Set("@user_id", userId), SqlHistoryStore.ReadFill, cancellationToken).ConfigureAwait(false);

    /// <summary>Every activity of a user of these kinds, oldest first.</summary>
    public async Task<IReadOnlyList<Activity>> ActivitiesAsync(long userId, IReadOnlyCollection<ActivityKind> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0)
        {
            return [];
        }

        // Kinds are enum values, so listing them inline is safe.
        var listed = string.Join(',', kinds.Select(k => ((int)k).ToString(CultureInfo.InvariantCulture)));
        return await QueryAsync(
            $"SELECT {SqlHistoryStore.ActivityColumns} FROM activities WHERE user_id = @user_id AND kind IN ({listed}) ORDER BY sequence, event_index",
            select => select.Set("@user_id", userId), SqlHistoryStore.ReadActivity, cancellationToken).ConfigureAwait(false);
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
    public async Task<long?> TradePriceAtAsync(int marketId, long sequence, CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await TradePriceAsync(connection, marketId, sequence, "sequence <= @sequence ORDER BY trade_id DESC", cancellationToken).ConfigureAwait(false)
                ?? await TradePriceAsync(connection, marketId, sequence, "sequence > @sequence ORDER BY trade_id ASC", cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => dialect.Dispose();

    private static async Task<long?> TradePriceAsync(DbConnection connection, int marketId, long sequence, string condition, CancellationToken cancellationToken)
    {
        using var select = new SqlStatement(connection, null, $"SELECT price FROM trades WHERE market_id = @market_id AND {condition} LIMIT 1");
        select.Set("@market_id", marketId).Set("@sequence", sequence);
        return await select.ScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>One query on its own pooled connection: binds the parameters, maps every row.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, Action<SqlStatement> bind, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
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
