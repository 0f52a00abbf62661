using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.MarketData.Books;

namespace Bourse.MarketData.Tests.Books;

public class OrderBookViewTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20260101)]
    public void Depth_view_equals_the_core_book_after_a_seeded_random_flow(int seed)
    {
        var exchange = new ExchangeHarness();
        var flow = new RandomOrderFlow(exchange, seed);
        for (var step = 0; step < 3_000; step++)
        {
            flow.Next(exchange);
            if (step % 50 == 0)
            {
                AssertDepthMatchesCore(exchange);
            }
        }

        AssertDepthMatchesCore(exchange);
        Assert.True(exchange.Core.GetMarket(ExchangeHarness.BtcUsdt)!.LastTradeId > 100, "the flow should trade");
    }

    [Fact]
    public void Book_update_ids_count_up_by_one_for_each_command_that_changed_the_book()
    {
        var exchange = new ExchangeHarness(new MarketDataOptions { DepthChangesKept = 1_000_000 });
        var flow = new RandomOrderFlow(exchange, seed: 3);
        for (var step = 0; step < 2_000; step++)
        {
            flow.Next(exchange);
        }

        foreach (var market in exchange.Store.Markets)
        {
            Assert.True(market.TryGetDepthUpdates(0, out var updates));
            Assert.NotEmpty(updates);
            for (var i = 0; i < updates.Count; i++)
            {
                Assert.Equal(i + 1, updates[i].FirstUpdateId);
                Assert.Equal(updates[i].FirstUpdateId, updates[i].FinalUpdateId);
                Assert.NotEmpty(updates[i].Bids.Concat(updates[i].Asks));
            }

            Assert.Equal(exchange.Core.GetMarket(market.Id)!.BookUpdateId, updates[^1].FinalUpdateId);
            Assert.Equal(updates[^1].FinalUpdateId, market.GetDepth(1).LastUpdateId);
        }
    }

    [Fact]
    public void Per_command_diffs_replayed_on_a_snapshot_reproduce_the_book()
    {
        var exchange = new ExchangeHarness(new MarketDataOptions { DepthChangesKept = 100_000 });
        var flow = new RandomOrderFlow(exchange, seed: 11);
        for (var step = 0; step < 500; step++)
        {
            flow.Next(exchange);
        }

        var snapshot = exchange.Market.GetDepth(5_000);
        for (var step = 0; step < 1_000; step++)
        {
            flow.Next(exchange);
        }

        Assert.True(exchange.Market.TryGetDepthUpdates(snapshot.LastUpdateId, out var updates));
        Assert.Equal(snapshot.LastUpdateId + 1, updates[0].FirstUpdateId);
        var client = new DepthClient();
        client.Start(snapshot);
        foreach (var update in updates)
        {
            client.Receive(update);
        }

        client.AssertEquals(exchange.Market.GetDepth(5_000));
    }

    [Fact]
    public void Per_command_diffs_no_longer_kept_are_refused()
    {
        var exchange = new ExchangeHarness(new MarketDataOptions { DepthChangesKept = 8 });
        exchange.Fund(1);
        for (var i = 0; i < 20; i++)
        {
            exchange.Buy(1, 100m + i, 1m);
        }

        Assert.False(exchange.Market.TryGetDepthUpdates(5, out _));
        Assert.True(exchange.Market.TryGetDepthUpdates(15, out var updates));
        Assert.Equal([16L, 17, 18, 19, 20], updates.Select(u => u.FirstUpdateId));
        Assert.Equal(new BookLevel(ExchangeHarness.Price(119m), ExchangeHarness.Qty(1m)), Assert.Single(updates[^1].Bids));
        Assert.True(exchange.Market.TryGetDepthUpdates(20, out var none));
        Assert.Empty(none);
    }

    [Theory]
    [InlineData(DepthCadence.Every100Ms, 5)]
    [InlineData(DepthCadence.Every1000Ms, 3)]
    [InlineData(DepthCadence.Every100Ms, 17)]
    public void Drained_diffs_applied_to_a_snapshot_by_the_Binance_procedure_reproduce_the_live_book(DepthCadence cadence, int seed)
    {
        var exchange = new ExchangeHarness();
        var flow = new RandomOrderFlow(exchange, seed);
        var random = new Random(seed);
        var stream = new List<DepthUpdate>();
        exchange.Store.DrainDepthUpdates(cadence);

        // Clients subscribe at different moments, buffer the stream, and fetch a snapshot a few ticks later.
        var clients = new List<(int SubscribeAt, int SnapshotAt, DepthClient Client)>();
        for (var i = 0; i < 12; i++)
        {
            var subscribeAt = random.Next(0, 30);
            clients.Add((subscribeAt, subscribeAt + random.Next(0, 10), new DepthClient()));
        }

        for (var tick = 0; tick < 60; tick++)
        {
            for (var step = random.Next(0, 40); step > 0; step--)
            {
                flow.Next(exchange);
            }

            foreach (var (_, snapshotAt, client) in clients)
            {
                if (snapshotAt == tick)
                {
                    // Trading goes on between subscribing and the REST call's answer.
                    flow.Next(exchange);
                    client.Start(exchange.Market.GetDepth(5_000));
                    flow.Next(exchange);
                }
            }

            var drained = exchange.Store.DrainDepthUpdates(cadence).Where(u => u.MarketId == ExchangeHarness.BtcUsdt).ToList();
            foreach (var update in drained)
            {
                if (stream.Count > 0)
                {
                    Assert.Equal(stream[^1].FinalUpdateId + 1, update.FirstUpdateId);
                }

                stream.Add(update);
                foreach (var (subscribeAt, _, client) in clients)
                {
                    if (tick >= subscribeAt)
                    {
                        client.Receive(update);
                    }
                }
            }
        }

        var live = exchange.Market.GetDepth(5_000);
        foreach (var (_, _, client) in clients)
        {
            client.AssertEquals(live);
            Assert.True(client.FirstAppliedWasRightAfterSnapshot, "python-binance needs U == lastUpdateId + 1");
        }

        AssertDepthMatchesCore(exchange);
    }

    [Fact]
    public void A_drained_diff_merges_commands_keeping_the_last_quantity_per_price()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Store.DrainDepthUpdates(DepthCadence.Every100Ms);
        var first = exchange.Buy(1, 100m, 1m);
        exchange.Buy(1, 100m, 2m);
        exchange.Buy(1, 99m, 1m);
        exchange.Ok(Command.Cancel(1, ExchangeHarness.BtcUsdt, first));
        exchange.Sell(1, 105m, 1m);
        exchange.Ok(Command.Cancel(1, ExchangeHarness.BtcUsdt, exchange.LastSequence));

        var update = Assert.Single(exchange.Store.DrainDepthUpdates(DepthCadence.Every100Ms));
        Assert.Equal((1L, 6L), (update.FirstUpdateId, update.FinalUpdateId));
        Assert.Equal("BTCUSDT", update.Symbol);
        Assert.Equal([new BookLevel(ExchangeHarness.Price(100m), ExchangeHarness.Qty(2m)), new BookLevel(ExchangeHarness.Price(99m), ExchangeHarness.Qty(1m))],
            update.Bids);
        Assert.Equal([new BookLevel(ExchangeHarness.Price(105m), 0)], update.Asks);
        Assert.Equal(exchange.Time - exchange.Step, update.EventTime);
        Assert.Empty(exchange.Store.DrainDepthUpdates(DepthCadence.Every100Ms));
    }

    [Fact]
    public void A_snapshot_splits_the_pending_diff_at_its_update_id()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Store.DrainDepthUpdates(DepthCadence.Every1000Ms);
        exchange.Buy(1, 100m, 1m);
        exchange.Buy(1, 101m, 1m);
        var snapshot = exchange.Market.GetDepth(10);
        exchange.Buy(1, 102m, 1m);

        var updates = exchange.Store.DrainDepthUpdates(DepthCadence.Every1000Ms);
        Assert.Equal([(1L, 2L), (3L, 3L)], updates.Select(u => (u.FirstUpdateId, u.FinalUpdateId)));
        Assert.Equal(2, snapshot.LastUpdateId);
        Assert.Equal([ExchangeHarness.Price(101m), ExchangeHarness.Price(100m)], snapshot.Bids.Select(l => l.Price));
    }

    [Fact]
    public void A_snapshot_for_a_partial_book_stream_leaves_the_pending_diff_whole()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Store.DrainDepthUpdates(DepthCadence.Every100Ms);
        exchange.Buy(1, 100m, 1m);
        Assert.Equal(1, exchange.Market.GetDepth(5, splitDiffs: false).LastUpdateId);
        exchange.Buy(1, 101m, 1m);

        var update = Assert.Single(exchange.Store.DrainDepthUpdates(DepthCadence.Every100Ms));
        Assert.Equal((1L, 2L), (update.FirstUpdateId, update.FinalUpdateId));
    }

    [Fact]
    public void Diffs_accumulate_only_for_cadences_that_are_drained()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Buy(1, 100m, 1m);
        Assert.Empty(exchange.Store.DrainDepthUpdates(DepthCadence.Every100Ms));
        exchange.Buy(1, 101m, 1m);

        Assert.Equal(2, Assert.Single(exchange.Store.DrainDepthUpdates(DepthCadence.Every100Ms)).FirstUpdateId);
        Assert.Empty(exchange.Store.DrainDepthUpdates(DepthCadence.Every1000Ms));
    }

    [Fact]
    public void Book_ticker_shows_the_best_levels_and_the_listener_hears_when_they_change()
    {
        var listener = new RecordingListener();
        var exchange = new ExchangeHarness(new MarketDataOptions { Listener = listener });
        exchange.Fund(1);
        exchange.Fund(2);
        listener.Changes.Clear();

        Assert.Equal(new BookTicker(0, 0, 0, 0, 0), exchange.Market.GetBookTicker());
        exchange.Buy(1, 100m, 1m);
        exchange.Sell(1, 101m, 2m);
        exchange.Buy(1, 99m, 5m);
        Assert.Equal(new BookTicker(3, ExchangeHarness.Price(100m), ExchangeHarness.Qty(1m), ExchangeHarness.Price(101m), ExchangeHarness.Qty(2m)),
            exchange.Market.GetBookTicker());
        Assert.Equal([true, true, false], listener.Changes.Select(c => c.Changes.BookTickerChanged));
        Assert.Equal([1L, 2, 3], listener.Changes.Select(c => c.Changes.FinalUpdateId));
        Assert.All(listener.Changes, c => Assert.Same(exchange.Market, c.Market));

        exchange.Buy(2, 101m, 0.5m);
        Assert.Equal(new BookTicker(4, ExchangeHarness.Price(100m), ExchangeHarness.Qty(1m), ExchangeHarness.Price(101m), ExchangeHarness.Qty(1.5m)),
            exchange.Market.GetBookTicker());
        var last = listener.Changes[^1].Changes;
        Assert.True(last.BookTickerChanged);
        Assert.Equal((1L, 1L, 1L, 1L), (last.FirstTradeId, last.LastTradeId, last.FirstAggregateId, last.LastAggregateId));
    }

    [Fact]
    public void Depth_is_limited_to_the_best_levels_of_each_side()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        for (var i = 0; i < 10; i++)
        {
            exchange.Buy(1, 100m - i, 1m);
            exchange.Sell(1, 200m + i, 1m + i);
        }

        var depth = exchange.Market.GetDepth(3);
        Assert.Equal(20, depth.LastUpdateId);
        Assert.Equal([100m, 99m, 98m], depth.Bids.Select(l => (decimal)l.Price / ExchangeHarness.Unit));
        Assert.Equal([200m, 201m, 202m], depth.Asks.Select(l => (decimal)l.Price / ExchangeHarness.Unit));
        Assert.Equal([1m, 2m, 3m], depth.Asks.Select(l => (decimal)l.Quantity / ExchangeHarness.Unit));
    }

    [Fact]
    public void An_iceberg_shows_only_its_displayed_slice()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Ok(Command.Iceberg(1, ExchangeHarness.BtcUsdt, Side.Sell, ExchangeHarness.Price(100m), ExchangeHarness.Qty(10m), ExchangeHarness.Qty(1m)));

        Assert.Equal(new BookLevel(ExchangeHarness.Price(100m), ExchangeHarness.Qty(1m)), Assert.Single(exchange.Market.GetDepth(10).Asks));
    }

    internal static void AssertDepthMatchesCore(ExchangeHarness exchange, int? marketId = null)
    {
        foreach (var market in exchange.Core.Markets.Where(m => marketId is null || m.Id == marketId))
        {
            var view = exchange.Store.GetMarket(market.Id)!;
            var depth = view.GetDepth(int.MaxValue);
            Assert.Equal(market.BookUpdateId, depth.LastUpdateId);
            Assert.Equal(ExchangeHarness.CoreLevels(market.Bids), depth.Bids.Select(l => (l.Price, l.Quantity)).ToList());
            Assert.Equal(ExchangeHarness.CoreLevels(market.Asks), depth.Asks.Select(l => (l.Price, l.Quantity)).ToList());
        }
    }
}
