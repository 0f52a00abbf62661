using System.Data.Common;
using System.Globalization;
using Bourse.Core.Model;

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

    private const string FillColumns = "market_id, trade_id, side, price, quantity, quote_quantity, commission, commission_asset_id, time, sequence";

    private const string ActivityColumns = """
        sequence, event_index, user_id, kind, asset_id, amount, to_asset_id, to_amount, fee, counterparty_id, reference,
        reference_id, period, release_at, time
        """;

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
    public void Record(IReadOnlyCollection<PortfolioSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        using var connection = dialect.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = new SqlStatement(connection, transaction, """
            INSERT INTO portfolio_snapshots (user_id, quote_asset_id, time, value) VALUES (@user_id, @quote_asset_id, @time, @value)
            ON CONFLICT (user_id, quote_asset_id, time) DO NOTHING
            """);
        foreach (var s in snapshots)
        {
            insert.Set("@user_id", s.UserId).Set("@quote_asset_id", s.QuoteAssetId).Set("@time", s.Time).Set("@value", s.Value).Execute();
        }

        transaction.Commit();
    }

    /// <summary>
    /// A user's snapshots in one quote asset with time in [from, to], ascending; when more than
    /// <paramref name="limit"/> match, the newest <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<PortfolioSnapshot> Snapshots(long userId, int quoteAssetId, long from, long to, int limit)
    {
        using var connection = dialect.Open();
        using var select = new SqlStatement(connection, null, """
            SELECT user_id, quote_asset_id, time, value FROM portfolio_snapshots
            WHERE user_id = @user_id AND quote_asset_id = @quote_asset_id AND time >= @from AND time <= @to
            ORDER BY time DESC LIMIT @limit
            """);
        select.Set("@user_id", userId).Set("@quote_asset_id", quoteAssetId).Set("@from", from).Set("@to", to).Set("@limit", limit);
        var snapshots = new List<PortfolioSnapshot>();
        using (var r = select.Read())
        {
            while (r.Read())
            {
                snapshots.Add(new PortfolioSnapshot(r.GetInt64(0), r.GetInt64(2), r.GetInt32(1), r.GetInt64(3)));
            }
        }

        snapshots.Reverse();
        return snapshots;
    }

    /// <summary>Every fill of a user in every market, in the order the engine made them.</summary>
    public IReadOnlyList<UserFill> Fills(long userId)
    {
        using var connection = dialect.Open();
        using var select = new SqlStatement(connection, null,
            $"SELECT {FillColumns} FROM trades WHERE user_id = @user_id ORDER BY sequence, market_id, trade_id");
        select.Set("@user_id", userId);
        var fills = new List<UserFill>();
        using var r = select.Read();
        while (r.Read())
        {
            fills.Add(new UserFill(r.GetInt32(0), r.GetInt64(1), (Side)r.GetInt32(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                r.GetInt64(6), r.GetInt32(7), r.GetInt64(8), r.GetInt64(9)));
        }

        return fills;
    }

    /// <summary>Every activity of a user of these kinds, oldest first.</summary>
    public IReadOnlyList<Activity> Activities(long userId, IReadOnlyCollection<ActivityKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0)
        {
            return [];
        }

        // Kinds are enum values, so listing them inline is safe.
        var listed = string.Join(',', kinds.Select(k => ((int)k).ToString(CultureInfo.InvariantCulture)));
        using var connection = dialect.Open();
        using var select = new SqlStatement(connection, null,
            $"SELECT {ActivityColumns} FROM activities WHERE user_id = @user_id AND kind IN ({listed}) ORDER BY sequence, event_index");
        select.Set("@user_id", userId);
        var activities = new List<Activity>();
        using var r = select.Read();
        while (r.Read())
        {
            activities.Add(new Activity(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), (ActivityKind)r.GetInt32(3), r.GetInt32(4),
                r.GetInt64(5), r.GetInt32(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.IsDBNull(10) ? null : r.GetString(10),
                r.GetInt64(11), r.GetInt64(12), r.GetInt64(13), r.GetInt64(14)));
        }

        return activities;
    }

    /// <summary>A user's activities summed per kind and asset.</summary>
    public IReadOnlyList<ActivityTotal> ActivityTotals(long userId)
    {
        using var connection = dialect.Open();
        using var select = new SqlStatement(connection, null, """
            SELECT kind, asset_id, SUM(amount), SUM(fee), COUNT(*) FROM activities
            WHERE user_id = @user_id GROUP BY kind, asset_id ORDER BY kind, asset_id
            """);
        select.Set("@user_id", userId);
        var totals = new List<ActivityTotal>();
        using var r = select.Read();
        while (r.Read())
        {
            totals.Add(new ActivityTotal((ActivityKind)r.GetInt32(0), r.GetInt32(1), Long(r, 2), Long(r, 3), Long(r, 4)));
        }

        return totals;
    }

    /// <summary>The trading commissions a user paid, summed per asset.</summary>
    public IReadOnlyList<CommissionTotal> CommissionTotals(long userId)
    {
        using var connection = dialect.Open();
        using var select = new SqlStatement(connection, null, """
            SELECT commission_asset_id, SUM(commission), COUNT(*) FROM trades
            WHERE user_id = @user_id AND commission <> 0 GROUP BY commission_asset_id ORDER BY commission_asset_id
            """);
        select.Set("@user_id", userId);
        var totals = new List<CommissionTotal>();
        using var r = select.Read();
        while (r.Read())
        {
            totals.Add(new CommissionTotal(r.GetInt32(0), Long(r, 1), Long(r, 2)));
        }

        return totals;
    }

    /// <summary>
    /// The fees a user's converts paid, summed per asset (a convert's fee is in the asset it received). A convert's own
    /// legs are not fills of the user in <c>trades</c>, so these are not in <see cref="CommissionTotals"/>.
    /// </summary>
    public IReadOnlyList<CommissionTotal> ConvertFeeTotals(long userId)
    {
        using var connection = dialect.Open();
        using var select = new SqlStatement(connection, null, $"""
            SELECT to_asset_id, SUM(fee), COUNT(*) FROM activities
            WHERE user_id = @user_id AND kind = {(int)ActivityKind.Convert} AND fee <> 0 GROUP BY to_asset_id ORDER BY to_asset_id
            """);
        select.Set("@user_id", userId);
        var totals = new List<CommissionTotal>();
        using var r = select.Read();
        while (r.Read())
        {
            totals.Add(new CommissionTotal(r.GetInt32(0), Long(r, 1), Long(r, 2)));
        }

        return totals;
    }

    /// <summary>
    /// A market's trade price as of command <paramref name="sequence"/>: the last trade at or before it, or else the
    /// first trade after it (the nearest known price); null when the market never traded. Exact, unlike a kline close,
    /// which may include later trades of the same minute.
    /// </summary>
    public long? TradePriceAt(int marketId, long sequence)
    {
        using var connection = dialect.Open();
        return TradePrice(connection, marketId, sequence, "sequence <= @sequence ORDER BY trade_id DESC")
            ?? TradePrice(connection, marketId, sequence, "sequence > @sequence ORDER BY trade_id ASC");
    }

    public void Dispose() => dialect.Dispose();

    private static long? TradePrice(DbConnection connection, int marketId, long sequence, string condition)
    {
        using var select = new SqlStatement(connection, null, $"SELECT price FROM trades WHERE market_id = @market_id AND {condition} LIMIT 1");
        select.Set("@market_id", marketId).Set("@sequence", sequence);
        return select.Scalar() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
    }

    // SUM widens on PostgreSQL (numeric).
    private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
