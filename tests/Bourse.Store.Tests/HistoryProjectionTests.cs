using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Store.Tests;

/// <summary>
/// The store against events from the real core, on SQLite and on a real PostgreSQL: rows match a straightforward
/// fold of the events, and the checkpoint makes writes exact across repeats and restarts.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HistoryProjectionTests(PostgresServer postgres) : IDisposable
{
    private readonly StoreFactory _stores = new(postgres);

    public static TheoryData<string> Providers => [HistoryStores.Sqlite, HistoryStores.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Orders_fills_ledger_and_klines_match_the_events(string provider)
    {
        var trading = new Trading().RandomFlow(400);
        using var store = _stores.Open(provider, _stores.NewLocation(provider));

        foreach (var command in trading.Commands)
        {
            store.Apply(command, command[^1].Sequence);
        }

        Assert.Equal(trading.LastSequence, store.ReadCheckpoint());
        Assert.Equal(Expected(trading), await DumpAsync(store));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_fill_or_kill_that_cannot_fill_is_expired_and_a_refused_order_never_existed(string provider)
    {
        var trading = new Trading();
        var fok = trading.Apply(Command(1, Side.Buy, TimeInForce.Fok, 1));
        var refused = trading.Apply(Command(1, Side.Buy, TimeInForce.Gtc, 1_000_000));
        Assert.Contains(refused, e => e.Type == EventType.OrderRejected && e.Reason != RejectReason.FokNotFillable);
        using var store = _stores.Open(provider, _stores.NewLocation(provider));

        store.Apply([.. trading.AllEvents], trading.LastSequence);

        var order = Assert.Single(await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000), CancellationToken.None));
        Assert.Equal(fok.Single(e => e.Type == EventType.OrderRejected).OrderId, order.OrderId);
        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Equal(fok[0].Timestamp, order.WorkingTime);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Applying_the_same_events_again_adds_and_changes_nothing(string provider)
    {
        var trading = new Trading().RandomFlow(300);
        using var store = _stores.Open(provider, _stores.NewLocation(provider));
        var all = trading.AllEvents.ToList();
        store.Apply(all, trading.LastSequence);
        var once = await DumpAsync(store);

        store.Apply(all, trading.LastSequence);
        foreach (var command in trading.Commands.Skip(100))
        {
            store.Apply(command, command[^1].Sequence);
        }

        Assert.Equal(once, await DumpAsync(store));
        Assert.Equal(trading.LastSequence, store.ReadCheckpoint());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_reopened_store_resumes_exactly_after_its_checkpoint(string provider)
    {
        var trading = new Trading().RandomFlow(400);
        var location = _stores.NewLocation(provider);
        using (var first = _stores.Open(provider, location))
        {
            // Batches of several commands, as the writer groups them, stopping part way as a crash would.
            foreach (var batch in trading.Commands.Take(237).Chunk(10))
            {
                first.Apply([.. batch.SelectMany(c => c)], batch[^1][^1].Sequence);
            }
        }

        using var reopened = _stores.Open(provider, location);
        var checkpoint = reopened.ReadCheckpoint();
        Assert.Equal(237, checkpoint);

        // What the engine hands over at the next start: every event after the checkpoint.
        reopened.Apply([.. trading.AllEvents.Where(e => e.Sequence > checkpoint)], trading.LastSequence);

        Assert.Equal(Expected(trading), await DumpAsync(reopened));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Pages_are_the_newest_rows_unless_a_start_is_given_and_always_ascend(string provider)
    {
        var trading = new Trading().RandomFlow(400);
        using var store = _stores.Open(provider, _stores.NewLocation(provider));
        store.Apply([.. trading.AllEvents], trading.LastSequence);
        var all = (await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000), CancellationToken.None)).Select(o => o.OrderId).ToList();
        Assert.True(all.Count > 20);

        var newest = (await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 10), CancellationToken.None)).Select(o => o.OrderId);
        var fromId = (await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 10) { FromId = all[5] }, CancellationToken.None)).Select(o => o.OrderId);
        var created = (await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000), CancellationToken.None)).ToDictionary(o => o.OrderId, o => o.CreatedAt);
        var window = (await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000) { StartTime = created[all[3]], EndTime = created[all[8]] }, CancellationToken.None))
            .Select(o => o.OrderId);

        Assert.Equal(all.TakeLast(10), newest);
        Assert.Equal(all.Skip(5).Take(10), fromId);
        Assert.Equal(all.Skip(3).Take(6), window);

        var fills = (await store.FillsAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000), CancellationToken.None)).ToList();
        Assert.True(fills.Count > 10);
        var ofOneOrder = await store.FillsAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000) { OrderId = fills[0].OrderId }, CancellationToken.None);
        Assert.All(ofOneOrder, f => Assert.Equal(fills[0].OrderId, f.OrderId));
        Assert.Equal(fills.Count(f => f.OrderId == fills[0].OrderId), ofOneOrder.Count);
        Assert.Equal(fills.TakeLast(3).Select(f => f.TradeId), (await store.FillsAsync(new HistoryQuery(1, Trading.BtcUsdt, 3), CancellationToken.None)).Select(f => f.TradeId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_last_id_alone_pages_backwards_from_it(string provider)
    {
        var trading = new Trading().RandomFlow(400);
        using var store = _stores.Open(provider, _stores.NewLocation(provider));
        store.Apply([.. trading.AllEvents], trading.LastSequence);
        var all = (await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000), CancellationToken.None)).Select(o => o.OrderId).ToList();
        var fills = (await store.FillsAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000), CancellationToken.None)).Select(f => (f.TradeId, f.OrderId)).ToList();
        Assert.True(all.Count > 20);
        Assert.True(fills.Count > 10);

        var olderOrders = (await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 5) { ToId = all[12] }, CancellationToken.None)).Select(o => o.OrderId);
        var olderFills = (await store.FillsAsync(new HistoryQuery(1, Trading.BtcUsdt, 4) { ToId = fills[8].TradeId }, CancellationToken.None)).Select(f => (f.TradeId, f.OrderId));

        Assert.Equal(all.Skip(8).Take(5), olderOrders);
        Assert.Equal(fills.Where(f => f.TradeId <= fills[8].TradeId).TakeLast(4), olderFills);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_order_is_found_by_id_or_client_order_id_only_by_its_owner_in_its_market(string provider)
    {
        var trading = new Trading().RandomFlow(200);
        using var store = _stores.Open(provider, _stores.NewLocation(provider));
        store.Apply([.. trading.AllEvents], trading.LastSequence);
        var order = (await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 1000), CancellationToken.None)).First(o => o.ClientOrderId is not null);

        var byId = await store.FindOrderAsync(1, Trading.BtcUsdt, order.OrderId, null, CancellationToken.None);
        var byClientId = await store.FindOrderAsync(1, Trading.BtcUsdt, null, order.ClientOrderId, CancellationToken.None);

        Assert.Equal(order, byId);
        Assert.Equal(order.ClientOrderId, byClientId!.ClientOrderId);
        Assert.True(byClientId.OrderId >= order.OrderId);
        Assert.Null(await store.FindOrderAsync(999, Trading.BtcUsdt, order.OrderId, null, CancellationToken.None));
        Assert.Null(await store.FindOrderAsync(1, Trading.BtcUsdt + 1, order.OrderId, null, CancellationToken.None));
        Assert.Null(await store.FindOrderAsync(1, Trading.BtcUsdt, null, "never-used", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Longer_klines_are_sums_of_their_minutes(string provider)
    {
        var trading = new Trading().RandomFlow(600);
        using var store = _stores.Open(provider, _stores.NewLocation(provider));
        store.Apply([.. trading.AllEvents], trading.LastSequence);
        var minutes = await store.MinuteKlinesAsync(Trading.BtcUsdt, 0, long.MaxValue, 100_000, CancellationToken.None);
        const long FiveMinutes = 300_000;

        var buckets = await store.KlineBucketsAsync(Trading.BtcUsdt, FiveMinutes, 0, 0, long.MaxValue, CancellationToken.None);
        var (before, first) = await store.KlineBoundsAsync(Trading.BtcUsdt, minutes[3].OpenTime, CancellationToken.None);

        var expected = minutes.GroupBy(m => m.OpenTime - (m.OpenTime % FiveMinutes)).Select(g => new MinuteKline(Trading.BtcUsdt, g.Key,
            g.First().Open, g.Max(m => m.High), g.Min(m => m.Low), g.Last().Close, g.Sum(m => m.Volume), g.Sum(m => m.QuoteVolume),
            g.Sum(m => m.TradeCount), g.Sum(m => m.TakerBuyVolume), g.Sum(m => m.TakerBuyQuoteVolume), g.First().FirstTradeId,
            g.Last().LastTradeId)).ToList();
        Assert.True(expected.Count > 1);
        Assert.Equal(expected, buckets);
        Assert.Equal(minutes[2], before);
        Assert.Equal(minutes[0].OpenTime, first);
    }

    public void Dispose() => _stores.Dispose();

    private static Bourse.Core.Commands.Command Command(long user, Side side, TimeInForce tif, long quantityUnits) =>
        Bourse.Core.Commands.Command.Limit(user, Trading.BtcUsdt, side, 100 * Trading.Unit, quantityUnits * Trading.Unit, tif);

    /// <summary>What the store must hold, folded straight from the events.</summary>
    private static History Expected(Trading trading)
    {
        var orders = new Dictionary<long, Event>();
        var fills = new List<Event>();
        var ledger = new List<Event>();
        var trades = new List<Event>();
        foreach (var e in trading.AllEvents)
        {
            switch (e.Type)
            {
                case EventType.OrderRejected when e.Reason == RejectReason.FokNotFillable:
                    orders[e.OrderId] = e with { Status = OrderStatus.Expired, WorkingTime = e.Timestamp };
                    break;
                case EventType.OrderAccepted or EventType.OrderCanceled or EventType.OrderExpired or EventType.OrderTriggered:
                    orders[e.OrderId] = e;
                    break;
                case EventType.OrderPartiallyFilled or EventType.OrderFilled:
                    orders[e.OrderId] = e;
                    fills.Add(e);
                    break;
                case EventType.BalanceChanged:
                    ledger.Add(e);
                    break;
                case EventType.Trade:
                    trades.Add(e);
                    break;
            }
        }

        var minutes = trades.GroupBy(t => t.Timestamp - (t.Timestamp % 60_000)).Select(m => new MinuteKline(Trading.BtcUsdt, m.Key,
            m.First().LastPrice, m.Max(t => t.LastPrice), m.Min(t => t.LastPrice), m.Last().LastPrice, m.Sum(t => t.LastQuantity),
            m.Sum(t => t.LastQuote), m.Count(), m.Where(t => t.Side == Side.Buy).Sum(t => t.LastQuantity),
            m.Where(t => t.Side == Side.Buy).Sum(t => t.LastQuote), m.First().TradeId, m.Last().TradeId)).ToList();
        Assert.True(minutes.Count > 3, "the flow should trade across several minutes");
        return new History(
            [.. orders.Values.OrderBy(o => o.OrderId).Select(o => OrderRow(o))],
            [.. fills.OrderBy(f => f.UserId).ThenBy(f => f.TradeId).ThenBy(f => f.OrderId).Select(f => FillRow(f))],
            [.. ledger.Where(l => l.UserId is >= 1 and <= 3).OrderBy(l => l.UserId).ThenBy(l => l.AssetId).ThenBy(l => l.Sequence).ThenBy(l => l.Index)
                .Select(l => new LedgerEntry(l.Sequence, l.Index, l.UserId, l.AssetId, l.BalanceReason, l.AvailableDelta, l.LockedDelta,
                    l.Available, l.Locked, l.ReferenceId, l.Timestamp))],
            minutes);
    }

    /// <summary>Everything the store holds for the three users and the market, in a comparable shape.</summary>
    private static async Task<History> DumpAsync(IHistoryStore store)
    {
        var orders = new List<StoredOrder>();
        var fills = new List<string>();
        var ledger = new List<LedgerEntry>();
        foreach (var user in new long[] { 1, 2, 3 })
        {
            orders.AddRange(await store.OrdersAsync(new HistoryQuery(user, Trading.BtcUsdt, 100_000) { FromId = 0 }, CancellationToken.None));
            fills.AddRange((await store.FillsAsync(new HistoryQuery(user, Trading.BtcUsdt, 100_000) { FromId = 0 }, CancellationToken.None))
                .Select(f => FillRow(user, f)));
            foreach (var asset in new[] { Trading.Btc, Trading.Usdt })
            {
                ledger.AddRange(await store.LedgerAsync(user, asset, 0, 100_000, CancellationToken.None));
            }
        }

        var minutes = await store.MinuteKlinesAsync(Trading.BtcUsdt, 0, long.MaxValue, 100_000, CancellationToken.None);
        return new History([.. orders.OrderBy(o => o.OrderId).Select(o => OrderRow(o))], fills, ledger, [.. minutes]);
    }

    private static string OrderRow(Event o) => OrderRow(new StoredOrder(o.OrderId, o.UserId, o.MarketId, o.ClientOrderId, o.Side, o.OrderType,
        o.TimeInForce, o.SelfTradePrevention, o.Status, o.Price, o.Quantity, o.QuoteQuantity, o.StopPrice, o.IcebergQuantity, o.ExecutedQuantity,
        o.CumulativeQuote, o.PreventedQuantity, o.CreatedAt, o.WorkingTime, o.Timestamp, o.Sequence));

    private static string OrderRow(StoredOrder o) =>
        $"{o.OrderId} u{o.UserId} m{o.MarketId} {o.ClientOrderId} {o.Side} {o.OrderType} {o.TimeInForce} {o.SelfTradePrevention} {o.Status} " +
        $"p{o.Price} q{o.Quantity} qq{o.QuoteQuantity} sp{o.StopPrice} iq{o.IcebergQuantity} x{o.ExecutedQuantity} cq{o.CumulativeQuote} " +
        $"pq{o.PreventedQuantity} c{o.CreatedAt} w{o.WorkingTime} t{o.UpdateTime} s{o.LastSequence}";

    private static string FillRow(Event f) => FillRow(f.UserId, new StoredFill(f.MarketId, f.TradeId, f.OrderId, f.Side, f.LastPrice, f.LastQuantity,
        f.LastQuote, f.Commission, f.CommissionAssetId, f.IsMaker, f.Timestamp, f.Sequence));

    private static string FillRow(long userId, StoredFill f) =>
        $"{f.TradeId}/{f.OrderId} u{userId} m{f.MarketId} {f.Side} p{f.Price} q{f.Quantity} qq{f.QuoteQuantity} " +
        $"fee{f.Commission}@{f.CommissionAssetId} maker{f.IsMaker} t{f.Time} s{f.Sequence}";

    private sealed record History(List<string> Orders, List<string> Fills, List<LedgerEntry> Ledger, List<MinuteKline> Minutes)
    {
        public bool Equals(History? other) => other is not null && Orders.SequenceEqual(other.Orders) && Fills.SequenceEqual(other.Fills)
            && Ledger.SequenceEqual(other.Ledger) && Minutes.SequenceEqual(other.Minutes);

        public override int GetHashCode() => Orders.Count;

        public override string ToString() =>
            $"{Orders.Count} orders, {Fills.Count} fills, {Ledger.Count} ledger entries, {Minutes.Count} minutes\n" +
            string.Join('\n', Orders.Take(5)) + "\n" + string.Join('\n', Fills.Take(5));
    }
}
