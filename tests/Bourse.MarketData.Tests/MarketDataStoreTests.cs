using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.MarketData.Tests.Books;
using static Bourse.MarketData.Tests.ExchangeHarness;

namespace Bourse.MarketData.Tests;

public class MarketDataStoreTests
{
    [Fact]
    public void Markets_created_by_events_are_listed_with_their_scales_tick_and_lot()
    {
        var exchange = new ExchangeHarness();

        Assert.Equal([BtcUsdt, EthUsdt], exchange.Store.Markets.Select(m => m.Id));
        var market = exchange.Store.GetMarket("btcusdt");
        Assert.Same(exchange.Store.GetMarket(BtcUsdt), market);
        Assert.Equal("BTCUSDT", market!.Symbol);
        Assert.Equal((8, 8, Unit / 100, 1_000L), (market.Listing.BaseScale, market.Listing.QuoteScale, market.Listing.TickSize, market.Listing.LotSize));
        Assert.Equal(("BTC", "USDT"), (market.Listing.BaseAsset.Code, market.Listing.QuoteAsset.Code));
        Assert.Null(exchange.Store.GetMarket("XRPUSDT"));
        Assert.Null(exchange.Store.GetMarket(99));
    }

    [Fact]
    public void A_market_whose_spec_is_unknown_is_followed_and_listed_once_added()
    {
        var exchange = new ExchangeHarness(resolveSpecs: false);
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Buy(1, 99m, 1m);
        Assert.Empty(exchange.Store.Markets);
        Assert.Null(exchange.Store.GetMarket("BTCUSDT"));

        var market = exchange.Store.AddMarket(BtcUsdtSpec, new AssetSpec(Btc, "BTC", 8), new AssetSpec(Usdt, "USDT", 8));
        Assert.Same(market, exchange.Store.GetMarket("BTCUSDT"));
        Assert.Single(market.GetRecentTrades(10));
        OrderBookViewTests.AssertDepthMatchesCore(exchange, BtcUsdt);
        Assert.Null(exchange.Store.GetMarket(EthUsdt));
    }

    [Fact]
    public void A_market_the_spec_source_learns_of_later_is_listed_as_soon_as_it_knows_it()
    {
        var known = new HashSet<int>();
        var store = new MarketDataStore(new MarketDataOptions { MarketSpecs = id => known.Contains(id) ? BtcUsdtSpec : null });
        Core.Events.Event[] created =
        [
            new() { Type = Core.Events.EventType.AssetCreated, Sequence = 1, AssetId = Btc, Reference = "BTC", Amount = 8 },
            new() { Type = Core.Events.EventType.AssetCreated, Sequence = 2, AssetId = Usdt, Reference = "USDT", Amount = 6 },
            new() { Type = Core.Events.EventType.MarketCreated, Sequence = 3, MarketId = BtcUsdt, Reference = "BTCUSDT" },
        ];
        store.Apply(created);
        Assert.Null(store.GetMarket("BTCUSDT"));

        known.Add(BtcUsdt);
        var market = store.GetMarket("BTCUSDT");
        Assert.NotNull(market);
        Assert.Equal((8, 6), (market.Listing.BaseScale, market.Listing.QuoteScale));
        Assert.Equal([market], store.Markets);
    }

    [Fact]
    public void Adding_a_market_with_other_assets_than_its_spec_names_is_refused()
    {
        var store = new MarketDataStore();

        Assert.Throws<ArgumentException>(() => store.AddMarket(BtcUsdtSpec, new AssetSpec(Eth, "ETH", 8), new AssetSpec(Usdt, "USDT", 8)));
    }

    [Fact]
    public void A_store_initialized_from_a_recovered_core_starts_from_its_books_and_follows_on()
    {
        var exchange = new ExchangeHarness(feedStore: false);
        var flow = new RandomOrderFlow(exchange, seed: 21);
        for (var i = 0; i < 1_000; i++)
        {
            flow.Next(exchange);
        }

        exchange.Store.Initialize(exchange.Core);
        OrderBookViewTests.AssertDepthMatchesCore(exchange);
        Assert.Equal(exchange.Core.GetMarket(BtcUsdt)!.LastPrice, exchange.Market.LastPrice);
        Assert.Equal(exchange.Core.GetMarket(BtcUsdt)!.LastPrice, exchange.Market.GetTicker().LastPrice);
        Assert.False(exchange.Market.TryGetDepthUpdates(0, out _));

        exchange.FeedStore = true;
        var snapshot = exchange.Market.GetDepth(5_000);
        for (var i = 0; i < 1_000; i++)
        {
            flow.Next(exchange);
        }

        OrderBookViewTests.AssertDepthMatchesCore(exchange);
        Assert.True(exchange.Market.TryGetDepthUpdates(snapshot.LastUpdateId, out var updates));
        Assert.Equal(snapshot.LastUpdateId + 1, updates[0].FirstUpdateId);

        // Aggregate ids continue from the core's trade ids, so a restarted server never reissues one it served before.
        var aggregates = exchange.Market.GetAggregateTrades(limit: 1_000);
        Assert.NotEmpty(aggregates);
        Assert.All(aggregates, a => Assert.Equal(a.FirstTradeId, a.Id));
        Assert.True(aggregates[0].Id > 1, $"the first aggregate after start-up has id {aggregates[0].Id}");
    }

    [Fact]
    public void Initializing_a_store_that_followed_every_event_changes_nothing()
    {
        var exchange = new ExchangeHarness();
        var flow = new RandomOrderFlow(exchange, seed: 22);
        for (var i = 0; i < 500; i++)
        {
            flow.Next(exchange);
        }

        var trades = exchange.Market.GetRecentTrades(1_000);
        exchange.Store.Initialize(exchange.Core);

        Assert.Equal(trades, exchange.Market.GetRecentTrades(1_000));
        Assert.True(exchange.Market.TryGetDepthUpdates(exchange.Market.GetDepth(1).LastUpdateId - 5, out var updates));
        Assert.Equal(5, updates.Count);
        OrderBookViewTests.AssertDepthMatchesCore(exchange);
    }

    [Fact]
    public void The_clock_is_the_latest_event_time()
    {
        var exchange = new ExchangeHarness { Step = 0, Time = Start + 12_345 };
        exchange.Fund(1);

        Assert.Equal(Start + 12_345, exchange.Store.Clock);
    }
}
