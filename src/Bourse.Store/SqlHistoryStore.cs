using System.Data.Common;
using System.Globalization;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Store;

/// <summary>
/// The history store over any <see cref="SqlDialect"/>: the schema, the projection of events into rows and the
/// queries are one text for every database. One writer (the projection) at a time; readers open their own connections.
/// </summary>
public sealed partial class SqlHistoryStore(SqlDialect dialect) : IHistoryStore
{
    private const string CheckpointName = "history";

    private const string OrderColumns = """
        order_id, user_id, market_id, client_order_id, side, order_type, time_in_force, self_trade_prevention, status,
        price, quantity, quote_quantity, stop_price, iceberg_quantity, executed_quantity, cumulative_quote,
        prevented_quantity, created_at, working_time, update_time, last_sequence
        """;

    // The WHERE keeps a replayed older state from overwriting a newer one even if the checkpoint were bypassed.
    private const string UpsertOrder = $"""
        INSERT INTO orders ({OrderColumns}) VALUES (@order_id, @user_id, @market_id, @client_order_id, @side,
            @order_type, @time_in_force, @stp, @status, @price, @quantity, @quote_quantity, @stop_price,
            @iceberg_quantity, @executed_quantity, @cumulative_quote, @prevented_quantity, @created_at, @working_time,
            @update_time, @last_sequence)
        ON CONFLICT (order_id) DO UPDATE SET client_order_id = excluded.client_order_id, status = excluded.status,
            price = excluded.price, quantity = excluded.quantity, quote_quantity = excluded.quote_quantity,
            stop_price = excluded.stop_price, iceberg_quantity = excluded.iceberg_quantity,
            executed_quantity = excluded.executed_quantity, cumulative_quote = excluded.cumulative_quote,
            prevented_quantity = excluded.prevented_quantity, created_at = excluded.created_at,
            working_time = excluded.working_time, update_time = excluded.update_time, last_sequence = excluded.last_sequence
        WHERE orders.last_sequence <= excluded.last_sequence
        """;

    internal const string FillColumns =
        "market_id, trade_id, order_id, side, price, quantity, quote_quantity, commission, commission_asset_id, is_maker, time, sequence";

    private const string InsertFill = """
        INSERT INTO trades (market_id, trade_id, order_id, user_id, side, price, quantity, quote_quantity, commission,
            commission_asset_id, is_maker, time, sequence)
        VALUES (@market_id, @trade_id, @order_id, @user_id, @side, @price, @quantity, @quote_quantity, @commission,
            @commission_asset_id, @is_maker, @time, @sequence)
        ON CONFLICT (market_id, trade_id, order_id) DO NOTHING
        """;

    private const string InsertLedgerEntry = """
        INSERT INTO ledger_entries (sequence, event_index, user_id, asset_id, reason, available_delta, locked_delta,
            available, locked, reference_id, time)
        VALUES (@sequence, @event_index, @user_id, @asset_id, @reason, @available_delta, @locked_delta, @available,
            @locked, @reference_id, @time)
        ON CONFLICT (sequence, event_index) DO NOTHING
        """;

    private const string UpsertCheckpoint = """
        INSERT INTO projection_checkpoint (name, sequence) VALUES (@name, @sequence)
        ON CONFLICT (name) DO UPDATE SET sequence = excluded.sequence
        """;

    // Trade ids grow per market, so the WHERE makes a replayed trade a no-op even if the checkpoint were bypassed.
    private readonly string _upsertMinute = $"""
        INSERT INTO klines_1m (market_id, open_time, open, high, low, close, volume, quote_volume, trade_count,
            taker_buy_volume, taker_buy_quote_volume, first_trade_id, last_trade_id)
        VALUES (@market_id, @open_time, @price, @price, @price, @price, @quantity, @quote, 1, @taker_buy_volume,
            @taker_buy_quote_volume, @trade_id, @trade_id)
        ON CONFLICT (market_id, open_time) DO UPDATE SET
            high = {dialect.Greatest}(klines_1m.high, excluded.high), low = {dialect.Least}(klines_1m.low, excluded.low),
            close = excluded.close, volume = klines_1m.volume + excluded.volume,
            quote_volume = klines_1m.quote_volume + excluded.quote_volume, trade_count = klines_1m.trade_count + 1,
            taker_buy_volume = klines_1m.taker_buy_volume + excluded.taker_buy_volume,
            taker_buy_quote_volume = klines_1m.taker_buy_quote_volume + excluded.taker_buy_quote_volume,
            last_trade_id = excluded.last_trade_id
        WHERE klines_1m.last_trade_id < excluded.last_trade_id
        """;

    public string Provider => dialect.Provider;

    public void EnsureSchema()
    {
        using var connection = dialect.Open();
        dialect.Prepare(connection);
        using var create = new SqlStatement(connection, null, HistorySchema.Create);
        create.Execute();
    }

    public long ReadCheckpoint()
    {
        using var connection = dialect.Open();
        return ReadCheckpoint(connection, null);
    }

    public void Apply(IReadOnlyList<Event> events, long throughSequence)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var connection = dialect.Open();
        using var transaction = connection.BeginTransaction();
        var checkpoint = ReadCheckpoint(connection, transaction);
        if (throughSequence <= checkpoint)
        {
            return;
        }

        using var order = new SqlStatement(connection, transaction, UpsertOrder);
        using var fill = new SqlStatement(connection, transaction, InsertFill);
        using var ledger = new SqlStatement(connection, transaction, InsertLedgerEntry);
        using var minute = new SqlStatement(connection, transaction, _upsertMinute);
        using var activity = new SqlStatement(connection, transaction, InsertActivity);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Sequence <= checkpoint)
            {
                continue;
            }

            switch (HistoryEvents.RowOf(in e))
            {
                case HistoryRow.Order:
                    WriteOrder(order, in e);
                    break;
                case HistoryRow.OrderAndFill:
                    WriteOrder(order, in e);
                    WriteFill(fill, in e);
                    break;
                case HistoryRow.LedgerEntry:
                    WriteLedgerEntry(ledger, in e);
                    break;
                case HistoryRow.Kline:
                    WriteMinute(minute, in e);
                    break;
                case HistoryRow.Activity:
                    WriteActivities(activity, in e);
                    break;
                case HistoryRow.None:
                    break;
            }
        }

        using (var write = new SqlStatement(connection, transaction, UpsertCheckpoint))
        {
            write.Set("@name", CheckpointName).Set("@sequence", throughSequence).Execute();
        }

        transaction.Commit();
    }

    public async Task<IReadOnlyList<StoredOrder>> OrdersAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var forward = query.FromId is not null || query.StartTime is not null;
        var sql = $"""
            SELECT {OrderColumns} FROM orders
            WHERE user_id = @user_id AND market_id = @market_id AND order_id >= @from AND order_id <= @to
              AND created_at >= @start AND created_at <= @end
            ORDER BY order_id {(forward ? "ASC" : "DESC")} LIMIT @limit
            """;
        var orders = await QueryAsync(sql, select => SetPage(select, query), ReadOrder, cancellationToken).ConfigureAwait(false);
        if (!forward)
        {
            orders.Reverse();
        }

        return orders;
    }

    public async Task<StoredOrder?> FindOrderAsync(long userId, int marketId, long? orderId, string? clientOrderId, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT {OrderColumns} FROM orders
            WHERE user_id = @user_id AND market_id = @market_id
              AND {(orderId is not null ? "order_id = @order_id" : "client_order_id = @client_order_id")}
            ORDER BY order_id DESC LIMIT 1
            """;
        var found = await QueryAsync(sql, select => select.Set("@user_id", userId).Set("@market_id", marketId).Set("@order_id", orderId ?? 0L)
            .Set("@client_order_id", clientOrderId ?? ""), ReadOrder, cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IReadOnlyList<StoredFill>> FillsAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var forward = query.FromId is not null || query.StartTime is not null;
        var direction = forward ? "ASC" : "DESC";
        var sql = $"""
            SELECT {FillColumns}
            FROM trades
            WHERE user_id = @user_id AND market_id = @market_id AND trade_id >= @from AND trade_id <= @to AND time >= @start AND time <= @end
            {(query.OrderId is not null ? "AND order_id = @order_id" : "")}
            ORDER BY trade_id {direction}, order_id {direction} LIMIT @limit
            """;
        var fills = await QueryAsync(sql, select =>
        {
            SetPage(select, query);
            if (query.OrderId is { } orderId)
            {
                select.Set("@order_id", orderId);
            }
        }, ReadFill, cancellationToken).ConfigureAwait(false);
        if (!forward)
        {
            fills.Reverse();
        }

        return fills;
    }

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(long userId, int assetId, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT sequence, event_index, user_id, asset_id, reason, available_delta, locked_delta, available, locked,
                reference_id, time
            FROM ledger_entries WHERE user_id = @user_id AND asset_id = @asset_id AND sequence > @after
            ORDER BY sequence, event_index LIMIT @limit
            """;
        return await QueryAsync(Sql, select => select.Set("@user_id", userId).Set("@asset_id", assetId).Set("@after", afterSequence).Set("@limit", limit),
            r => new LedgerEntry(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetInt32(3), (BalanceChangeReason)r.GetInt32(4), r.GetInt64(5),
                r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MinuteKline>> MinuteKlinesAsync(int marketId, long startTime, long endTime, int limit, CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await MinuteKlinesAsync(connection, marketId, "open_time >= @start AND open_time <= @end ORDER BY open_time", startTime, endTime, limit,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<MinuteKline>> MinuteKlinesAsync(DbConnection connection, int marketId, string condition, long startTime, long endTime,
        int limit, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT market_id, open_time, open, high, low, close, volume, quote_volume, trade_count, taker_buy_volume,
                taker_buy_quote_volume, first_trade_id, last_trade_id
            FROM klines_1m WHERE market_id = @market_id AND {condition} LIMIT @limit
            """;
        using var select = new SqlStatement(connection, null, sql);
        select.Set("@market_id", marketId).Set("@start", startTime).Set("@end", endTime).Set("@limit", limit);
        return await select.ReadAllAsync(r => new MinuteKline(r.GetInt32(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
            r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MinuteKline>> KlineBucketsAsync(int marketId, long length, long offset, long start, long end,
        CancellationToken cancellationToken)
    {
        // Open and close come from the bucket's first and last minute; SUM may widen (PostgreSQL: numeric), hence ToInt64.
        const string Sql = """
            SELECT g.bucket, f.open, g.high, g.low, l.close, g.volume, g.quote_volume, g.trade_count, g.taker_buy_volume,
                g.taker_buy_quote_volume, g.first_trade_id, g.last_trade_id
            FROM (
                SELECT open_time - ((open_time - @offset) % @length) AS bucket, MIN(open_time) AS first_minute,
                    MAX(open_time) AS last_minute, MAX(high) AS high, MIN(low) AS low, SUM(volume) AS volume,
                    SUM(quote_volume) AS quote_volume, SUM(trade_count) AS trade_count,
                    SUM(taker_buy_volume) AS taker_buy_volume, SUM(taker_buy_quote_volume) AS taker_buy_quote_volume,
                    MIN(first_trade_id) AS first_trade_id, MAX(last_trade_id) AS last_trade_id
                FROM klines_1m WHERE market_id = @market_id AND open_time >= @start AND open_time <= @end
                GROUP BY 1
            ) g
            JOIN klines_1m f ON f.market_id = @market_id AND f.open_time = g.first_minute
            JOIN klines_1m l ON l.market_id = @market_id AND l.open_time = g.last_minute
            ORDER BY g.bucket
            """;
        return await QueryAsync(Sql,
            select => select.Set("@market_id", marketId).Set("@length", length).Set("@offset", offset).Set("@start", start).Set("@end", end),
            r => new MinuteKline(marketId, Long(r, 0), Long(r, 1), Long(r, 2), Long(r, 3), Long(r, 4), Long(r, 5), Long(r, 6), Long(r, 7), Long(r, 8),
                Long(r, 9), Long(r, 10), Long(r, 11)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<(MinuteKline? Before, long? FirstOpenTime)> KlineBoundsAsync(int marketId, long time, CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var first = new SqlStatement(connection, null, "SELECT MIN(open_time) FROM klines_1m WHERE market_id = @market_id");
            var firstOpen = await first.Set("@market_id", marketId).ScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
                ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
                : (long?)null;
            var before = await MinuteKlinesAsync(connection, marketId, "open_time < @end ORDER BY open_time DESC", 0, time, 1, cancellationToken)
                .ConfigureAwait(false);
            return (before.Count > 0 ? before[0] : null, firstOpen);
        }
    }

    public void Dispose() => dialect.Dispose();

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

    private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static long ReadCheckpoint(DbConnection connection, DbTransaction? transaction)
    {
        using var select = new SqlStatement(connection, transaction, "SELECT sequence FROM projection_checkpoint WHERE name = @name");
        return select.Set("@name", CheckpointName).Scalar() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }

    private static void SetPage(SqlStatement select, HistoryQuery query) =>
        select.Set("@user_id", query.UserId).Set("@market_id", query.MarketId).Set("@from", query.FromId ?? 0L).Set("@to", query.ToId ?? long.MaxValue)
            .Set("@start", query.StartTime ?? 0L).Set("@end", query.EndTime ?? long.MaxValue).Set("@limit", query.Limit);

    private static void WriteOrder(SqlStatement order, in Event e)
    {
        var fokExpired = e.Type == EventType.OrderRejected;
        order.Set("@order_id", e.OrderId).Set("@user_id", e.UserId).Set("@market_id", e.MarketId)
            .Set("@client_order_id", e.ClientOrderId).Set("@side", (int)e.Side).Set("@order_type", (int)e.OrderType)
            .Set("@time_in_force", (int)e.TimeInForce).Set("@stp", (int)e.SelfTradePrevention)
            .Set("@status", (int)(fokExpired ? OrderStatus.Expired : e.Status)).Set("@price", e.Price)
            .Set("@quantity", e.Quantity).Set("@quote_quantity", e.QuoteQuantity).Set("@stop_price", e.StopPrice)
            .Set("@iceberg_quantity", e.IcebergQuantity).Set("@executed_quantity", e.ExecutedQuantity)
            .Set("@cumulative_quote", e.CumulativeQuote).Set("@prevented_quantity", e.PreventedQuantity)
            .Set("@created_at", e.CreatedAt).Set("@working_time", fokExpired ? e.Timestamp : e.WorkingTime)
            .Set("@update_time", e.Timestamp).Set("@last_sequence", e.Sequence)
            .Execute();
    }

    private static void WriteFill(SqlStatement fill, in Event e) =>
        fill.Set("@market_id", e.MarketId).Set("@trade_id", e.TradeId).Set("@order_id", e.OrderId).Set("@user_id", e.UserId)
            .Set("@side", (int)e.Side).Set("@price", e.LastPrice).Set("@quantity", e.LastQuantity).Set("@quote_quantity", e.LastQuote)
            .Set("@commission", e.Commission).Set("@commission_asset_id", e.CommissionAssetId).Set("@is_maker", e.IsMaker)
            .Set("@time", e.Timestamp).Set("@sequence", e.Sequence)
            .Execute();

    private static void WriteLedgerEntry(SqlStatement ledger, in Event e) =>
        ledger.Set("@sequence", e.Sequence).Set("@event_index", e.Index).Set("@user_id", e.UserId).Set("@asset_id", e.AssetId)
            .Set("@reason", (int)e.BalanceReason).Set("@available_delta", e.AvailableDelta).Set("@locked_delta", e.LockedDelta)
            .Set("@available", e.Available).Set("@locked", e.Locked).Set("@reference_id", e.ReferenceId).Set("@time", e.Timestamp)
            .Execute();

    private static void WriteMinute(SqlStatement minute, in Event e)
    {
        var takerBought = e.Side == Side.Buy;
        minute.Set("@market_id", e.MarketId).Set("@open_time", e.Timestamp - (e.Timestamp % 60_000)).Set("@price", e.LastPrice)
            .Set("@quantity", e.LastQuantity).Set("@quote", e.LastQuote).Set("@taker_buy_volume", takerBought ? e.LastQuantity : 0L)
            .Set("@taker_buy_quote_volume", takerBought ? e.LastQuote : 0L).Set("@trade_id", e.TradeId)
            .Execute();
    }

    private static StoredOrder ReadOrder(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), (Side)r.GetInt32(4), (OrderType)r.GetInt32(5),
        (TimeInForce)r.GetInt32(6), (SelfTradePrevention)r.GetInt32(7), (OrderStatus)r.GetInt32(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11),
        r.GetInt64(12), r.GetInt64(13), r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt64(17), r.GetInt64(18), r.GetInt64(19),
        r.GetInt64(20));

    /// <summary>One row of <c>trades</c> selected as <see cref="FillColumns"/>.</summary>
    internal static StoredFill ReadFill(DbDataReader r) => new(r.GetInt32(0), r.GetInt64(1), r.GetInt64(2), (Side)r.GetInt32(3), r.GetInt64(4),
        r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt32(8), r.GetBoolean(9), r.GetInt64(10), r.GetInt64(11));
}
