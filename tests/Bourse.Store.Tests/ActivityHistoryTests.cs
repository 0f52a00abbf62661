using Bourse.Core.Commands;
using Bourse.Core.Events;

namespace Bourse.Store.Tests;

/// <summary>
/// Activities and the awaited queries on SQLite and on a real PostgreSQL: pages newest first by kind and asset, the
/// newest activity under a reference, and a query whose caller went away stops with a cancellation.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ActivityHistoryTests(PostgresServer postgres) : IDisposable
{
    private readonly StoreFactory _stores = new(postgres);

    public static TheoryData<string> Providers => [HistoryStores.Sqlite, HistoryStores.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Activities_page_newest_first_by_kind_and_asset_and_a_transfer_is_found_by_its_reference(string provider)
    {
        var trading = new Trading();
        trading.Apply(Command.Transfer(1, 2, Trading.Usdt, 5 * Trading.Unit, "t-1"));
        trading.Apply(Command.Transfer(1, 3, Trading.Btc, Trading.Unit, "t-2"));
        var again = trading.Apply(Command.Transfer(1, 2, Trading.Usdt, 7 * Trading.Unit, "t-3"));
        var reserved = trading.Apply(Command.ReserveWithdrawal(1, Trading.Btc, 2 * Trading.Unit, "w-1"));
        trading.Apply(Command.CompleteWithdrawal(reserved[0].Sequence));
        using var store = _stores.Open(provider, _stores.NewLocation(provider));
        store.Apply([.. trading.AllEvents], trading.LastSequence);
        var cancel = CancellationToken.None;

        var all = await store.ActivitiesAsync(new ActivityQuery(1, 100), cancel);
        var transfersOut = await store.ActivitiesAsync(new ActivityQuery(1, 100) { Kinds = [ActivityKind.TransferOut] }, cancel);
        var inUsdt = await store.ActivitiesAsync(new ActivityQuery(1, 100) { AssetId = Trading.Usdt }, cancel);
        var older = await store.ActivitiesAsync(new ActivityQuery(1, 2) { BeforeSequence = again[0].Sequence }, cancel);
        var received = await store.ActivitiesAsync(new ActivityQuery(2, 100) { Kinds = [ActivityKind.TransferIn] }, cancel);

        Assert.Equal([ActivityKind.Withdrawal, ActivityKind.TransferOut, ActivityKind.TransferOut, ActivityKind.TransferOut, ActivityKind.Deposit,
            ActivityKind.Deposit], all.Select(a => a.Kind));
        Assert.Equal(all.OrderByDescending(a => a.Sequence).Select(a => a.Sequence), all.Select(a => a.Sequence));
        Assert.Equal(["t-3", "t-2", "t-1"], transfersOut.Select(a => a.Reference));
        Assert.All(inUsdt, a => Assert.Equal(Trading.Usdt, a.AssetId));
        Assert.Equal(["t-2", "t-1"], older.Select(a => a.Reference));
        Assert.Equal([(1L, 7 * Trading.Unit), (1L, 5 * Trading.Unit)], received.Select(a => (a.CounterpartyId, a.Amount)));

        var found = await store.FindActivityAsync(1, ActivityKind.TransferOut, "t-3", cancel);
        Assert.Equal((again.Single(e => e.Type == EventType.TransferCompleted).ReferenceId, 2L, 7 * Trading.Unit),
            (found!.ReferenceId, found.CounterpartyId, found.Amount));
        Assert.Null(await store.FindActivityAsync(2, ActivityKind.TransferOut, "t-3", cancel));
        Assert.Null(await store.FindActivityAsync(1, ActivityKind.Withdrawal, "t-3", cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_query_for_a_caller_that_went_away_is_cancelled(string provider)
    {
        var trading = new Trading().RandomFlow(100);
        using var store = _stores.Open(provider, _stores.NewLocation(provider));
        store.Apply([.. trading.AllEvents], trading.LastSequence);
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 100), gone.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.FillsAsync(new HistoryQuery(1, Trading.BtcUsdt, 100), gone.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.KlineBoundsAsync(Trading.BtcUsdt, long.MaxValue, gone.Token));
        Assert.NotEmpty(await store.OrdersAsync(new HistoryQuery(1, Trading.BtcUsdt, 100), CancellationToken.None));
    }

    public void Dispose() => _stores.Dispose();
}
