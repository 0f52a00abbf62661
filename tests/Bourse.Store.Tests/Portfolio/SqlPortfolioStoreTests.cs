using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Store.Portfolio;

namespace Bourse.Store.Tests.Portfolio;

/// <summary>
/// The portfolio's table and queries on SQLite and on a real PostgreSQL, over rows the history store projected from
/// the real core's events: fills, activities and their sums match a straightforward fold of the events.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlPortfolioStoreTests(PostgresServer postgres) : IDisposable
{
    private readonly StoreFactory _stores = new(postgres);

    public static TheoryData<string> Providers => [HistoryStores.Sqlite, HistoryStores.Postgres];

    private (IHistoryStore History, SqlPortfolioStore Portfolio) Open(string provider, string location) =>
        (_stores.Open(provider, location), SqlPortfolioStore.Open(provider, location, Path.GetTempPath()));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Snapshots_are_kept_once_per_user_quote_and_time_and_read_oldest_first(string provider)
    {
        var location = _stores.NewLocation(provider);
        var (history, portfolio) = Open(provider, location);
        using var _ = history;
        using var store = portfolio;
        await store.RecordAsync([new(1, 1_000, 5, 100), new(1, 2_000, 5, 200), new(1, 3_000, 5, 300), new(2, 2_000, 5, 999), new(1, 2_000, 1, 7)], CancellationToken.None);
        await store.RecordAsync([new(1, 2_000, 5, 555)], CancellationToken.None);

        Assert.Equal([new(1, 1_000, 5, 100), new(1, 2_000, 5, 200), new(1, 3_000, 5, 300)], await store.SnapshotsAsync(1, 5, 0, long.MaxValue, 10, CancellationToken.None));
        Assert.Equal([new PortfolioSnapshot(1, 2_000, 5, 200)], await store.SnapshotsAsync(1, 5, 1_500, 2_500, 10, CancellationToken.None));
        Assert.Equal([new(1, 2_000, 5, 200), new(1, 3_000, 5, 300)], await store.SnapshotsAsync(1, 5, 0, long.MaxValue, 2, CancellationToken.None));
        Assert.Equal([new PortfolioSnapshot(1, 2_000, 1, 7)], await store.SnapshotsAsync(1, 1, 0, long.MaxValue, 10, CancellationToken.None));
        Assert.Empty(await store.SnapshotsAsync(3, 5, 0, long.MaxValue, 10, CancellationToken.None));

        // Opening again (a restart) applies no migration twice and keeps the rows.
        using var reopened = SqlPortfolioStore.Open(provider, location, Path.GetTempPath());
        Assert.Equal(3, (await reopened.SnapshotsAsync(1, 5, 0, long.MaxValue, 10, CancellationToken.None)).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fills_activities_and_totals_match_the_events(string provider)
    {
        var trading = new Trading().RandomFlow(300);
        trading.Apply(Command.Transfer(1, 2, Trading.Usdt, 5 * Trading.Unit, "t-1"));
        var reserved = trading.Apply(Command.ReserveWithdrawal(1, Trading.Btc, 2 * Trading.Unit, "w-1"));
        trading.Apply(Command.CompleteWithdrawal(reserved[0].Sequence));
        trading.Apply(Command.Limit(2, Trading.BtcUsdt, Side.Sell, 120 * Trading.Unit, Trading.Unit));
        var converted = trading.Apply(Command.Convert(3, Trading.Usdt, Trading.Btc, 60 * Trading.Unit, Trading.BtcUsdt, 0, 1, long.MaxValue, "c-1"));
        var convert = Assert.Single(converted, e => e.Type == EventType.ConvertCompleted);
        Assert.NotEqual(0, convert.Commission);
        var (history, portfolio) = Open(provider, _stores.NewLocation(provider));
        using var _ = history;
        using var store = portfolio;
        history.Apply([.. trading.AllEvents], trading.LastSequence);
        Assert.Equal([new CommissionTotal(Trading.Btc, convert.Commission, 1)], await store.ConvertFeeTotalsAsync(3, CancellationToken.None));
        Assert.Empty(await store.ConvertFeeTotalsAsync(1, CancellationToken.None));

        for (var user = 1L; user <= 3; user++)
        {
            var fills = trading.AllEvents.Where(e => e.Type is EventType.OrderPartiallyFilled or EventType.OrderFilled && e.UserId == user).ToList();
            Assert.Equal(fills.Select(e => (e.Sequence, e.TradeId, e.Side, e.LastPrice, e.LastQuantity, e.LastQuote, e.Commission, e.CommissionAssetId)),
                (await store.FillsAsync(user, CancellationToken.None)).Select(f => (f.Sequence, f.TradeId, f.Side, f.Price, f.Quantity, f.QuoteQuantity, f.Commission,
                    f.CommissionAssetId)));
            Assert.Equal(fills.Where(e => e.Commission != 0).GroupBy(e => e.CommissionAssetId).OrderBy(g => g.Key)
                    .Select(g => new CommissionTotal(g.Key, g.Sum(e => e.Commission), g.Count())),
                await store.CommissionTotalsAsync(user, CancellationToken.None));
        }

        Assert.Equal(
        [
            new ActivityTotal(ActivityKind.Deposit, Trading.Btc, 100 * Trading.Unit, 0, 1),
            new ActivityTotal(ActivityKind.Deposit, Trading.Usdt, 1_000_000 * Trading.Unit, 0, 1),
            new ActivityTotal(ActivityKind.Withdrawal, Trading.Btc, 2 * Trading.Unit, 0, 1),
            new ActivityTotal(ActivityKind.TransferOut, Trading.Usdt, 5 * Trading.Unit, 0, 1),
        ], await store.ActivityTotalsAsync(1, CancellationToken.None));
        Assert.Contains(new ActivityTotal(ActivityKind.TransferIn, Trading.Usdt, 5 * Trading.Unit, 0, 1), await store.ActivityTotalsAsync(2, CancellationToken.None));

        var moves = await store.ActivitiesAsync(1, [ActivityKind.Withdrawal, ActivityKind.TransferOut], CancellationToken.None);
        Assert.Equal([ActivityKind.TransferOut, ActivityKind.Withdrawal], moves.Select(a => a.Kind));
        Assert.Empty(await store.ActivitiesAsync(1, [], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_trade_price_as_of_a_command_is_the_last_before_or_else_the_first_after(string provider)
    {
        var trading = new Trading().RandomFlow(200);
        var (history, portfolio) = Open(provider, _stores.NewLocation(provider));
        using var _ = history;
        using var store = portfolio;
        history.Apply([.. trading.AllEvents], trading.LastSequence);
        var trades = trading.AllEvents.Where(e => e.Type == EventType.Trade).ToList();
        Assert.True(trades.Count > 10);

        for (var sequence = 1L; sequence <= trading.LastSequence; sequence += 7)
        {
            var before = trades.FindLastIndex(t => t.Sequence <= sequence);
            Assert.Equal(before >= 0 ? trades[before].LastPrice : trades[0].LastPrice, await store.TradePriceAtAsync(Trading.BtcUsdt, sequence, CancellationToken.None));
        }

        Assert.Equal(trades[^1].LastPrice, await store.TradePriceAtAsync(Trading.BtcUsdt, long.MaxValue, CancellationToken.None));
        Assert.Null(await store.TradePriceAtAsync(99, 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Trade_prices_for_many_commands_come_in_a_few_queries_and_match_the_one_by_one_answers(string provider)
    {
        var trading = new Trading().RandomFlow(1_200);
        var (history, portfolio) = Open(provider, _stores.NewLocation(provider));
        using var _ = history;
        using var store = portfolio;
        history.Apply([.. trading.AllEvents], trading.LastSequence);
        var sequences = Enumerable.Range(1, (int)trading.LastSequence + 5).Select(q => (long)q).ToList();

        var before = store.RoundTrips;
        var batched = await store.TradePricesAtAsync(Trading.BtcUsdt, [.. sequences, 3, 3], CancellationToken.None);
        Assert.Equal((sequences.Count + SqlPortfolioStore.PriceBatch - 1) / SqlPortfolioStore.PriceBatch, store.RoundTrips - before);

        Assert.Equal(sequences.Count, batched.Count);
        foreach (var sequence in sequences.Where(q => q % 37 == 0 || q < 15 || q > trading.LastSequence - 3))
        {
            Assert.Equal(await store.TradePriceAtAsync(Trading.BtcUsdt, sequence, CancellationToken.None), batched[sequence]);
        }

        Assert.Empty(await store.TradePricesAtAsync(99, sequences, CancellationToken.None));
        Assert.Empty(await store.TradePricesAtAsync(Trading.BtcUsdt, [], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_cancelled_price_lookup_stops_between_batches(string provider)
    {
        var trading = new Trading().RandomFlow(100);
        var (history, portfolio) = Open(provider, _stores.NewLocation(provider));
        using var _ = history;
        using var store = portfolio;
        history.Apply([.. trading.AllEvents], trading.LastSequence);
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.TradePricesAtAsync(Trading.BtcUsdt, Enumerable.Range(1, 3 * SqlPortfolioStore.PriceBatch).Select(q => (long)q), gone.Token));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fills_and_activities_can_be_read_from_a_watermark_up_to_a_checkpoint(string provider)
    {
        var trading = new Trading().RandomFlow(300);
        trading.Apply(Command.Transfer(1, 2, Trading.Usdt, 5 * Trading.Unit, "t-1"));
        var (history, portfolio) = Open(provider, _stores.NewLocation(provider));
        using var _ = history;
        using var store = portfolio;
        history.Apply([.. trading.AllEvents], trading.LastSequence);
        var all = await store.FillsAsync(1, CancellationToken.None);
        var middle = all[all.Count / 2].Sequence;

        var older = await store.FillsAsync(1, 0, middle, CancellationToken.None);
        var newer = await store.FillsAsync(1, middle, long.MaxValue, CancellationToken.None);
        Assert.Equal(all, older.Concat(newer));
        Assert.All(older, f => Assert.True(f.Sequence <= middle));
        Assert.All(newer, f => Assert.True(f.Sequence > middle));

        ActivityKind[] kinds = [ActivityKind.Deposit, ActivityKind.TransferOut];
        Assert.Equal([ActivityKind.Deposit, ActivityKind.Deposit], (await store.ActivitiesAsync(1, kinds, 0, middle, CancellationToken.None)).Select(a => a.Kind));
        Assert.Equal([ActivityKind.TransferOut], (await store.ActivitiesAsync(1, kinds, middle, long.MaxValue, CancellationToken.None)).Select(a => a.Kind));
    }

    public void Dispose() => _stores.Dispose();
}
