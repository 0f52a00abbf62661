using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.MarketData.Tickers;
using static Bourse.MarketData.Tests.ExchangeHarness;

namespace Bourse.MarketData.Tests.Tickers;

public class RollingTickerTests
{
    private const long Minute = 60_000;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    [Fact]
    public void The_ticker_covers_the_last_24_hours_and_drops_older_trades()
    {
        var exchange = Exchange();
        var t0 = exchange.Time;
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Time = t0 + Hour;
        exchange.Trade(110m, 2m, Side.Sell);
        exchange.Time = t0 + Day + (2 * Minute);
        exchange.Trade(105m, 1m, Side.Buy);

        var ticker = exchange.Market.GetTicker();
        Assert.Equal(Price(110m), ticker.OpenPrice);
        Assert.Equal(Price(110m), ticker.HighPrice);
        Assert.Equal(Price(105m), ticker.LowPrice);
        Assert.Equal(Price(105m), ticker.LastPrice);
        Assert.Equal(Qty(1m), ticker.LastQuantity);
        Assert.Equal(Price(100m), ticker.PrevClosePrice);
        Assert.Equal(Price(-5m), ticker.PriceChange);
        Assert.Equal(-4.545m, ticker.PriceChangePercent);
        Assert.Equal(10_833_333_333, ticker.WeightedAveragePrice);
        Assert.Equal(Qty(3m), ticker.Volume);
        Assert.Equal(Qty(325m), ticker.QuoteVolume);
        Assert.Equal((2L, 3L, 2L), (ticker.FirstTradeId, ticker.LastTradeId, ticker.Count));
        Assert.Equal(exchange.Store.Clock, ticker.CloseTime);
        Assert.InRange(ticker.CloseTime - ticker.OpenTime, Day, Day + Minute - 1);
        Assert.Equal(0, ticker.OpenTime % Minute);

        // Time moves on without trades: the window moves with the latest event's time.
        exchange.Time = t0 + Hour + Day + (2 * Minute);
        exchange.Fund(9);
        ticker = exchange.Market.GetTicker();
        Assert.Equal((3L, 3L, 1L), (ticker.FirstTradeId, ticker.LastTradeId, ticker.Count));
        Assert.Equal((Price(105m), Price(105m), Price(105m)), (ticker.OpenPrice, ticker.HighPrice, ticker.LowPrice));
        Assert.Equal(Price(110m), ticker.PrevClosePrice);

        exchange.Time += 2 * Day;
        exchange.Fund(9);
        ticker = exchange.Market.GetTicker();
        Assert.Equal((-1L, -1L, 0L), (ticker.FirstTradeId, ticker.LastTradeId, ticker.Count));
        Assert.Equal((Price(105m), Price(105m), 0L), (ticker.OpenPrice, ticker.LastPrice, ticker.PriceChange));
        Assert.Equal(Int128.Zero, ticker.Volume);
    }

    [Fact]
    public void A_trade_exactly_24_hours_old_is_still_in_the_window()
    {
        var exchange = Exchange();
        var t0 = exchange.Time;
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Time = t0 + Day;
        exchange.Fund(9);

        Assert.Equal(1, exchange.Market.GetTicker().Count);
    }

    [Fact]
    public void High_and_low_are_found_again_when_the_trade_holding_them_expires()
    {
        var exchange = Exchange();
        var t0 = exchange.Time;
        exchange.Trade(150m, 1m, Side.Buy);
        exchange.Time = t0 + Hour;
        exchange.Trade(90m, 1m, Side.Sell);
        exchange.Time = t0 + (2 * Hour);
        exchange.Trade(120m, 1m, Side.Buy);
        exchange.Trade(100m, 1m, Side.Sell);

        Assert.Equal((Price(150m), Price(90m)), (exchange.Market.GetTicker().HighPrice, exchange.Market.GetTicker().LowPrice));
        exchange.Time = t0 + Day + (5 * Minute);
        exchange.Fund(9);
        Assert.Equal((Price(120m), Price(90m)), (exchange.Market.GetTicker().HighPrice, exchange.Market.GetTicker().LowPrice));
        exchange.Time = t0 + Day + Hour + (5 * Minute);
        exchange.Fund(9);
        var ticker = exchange.Market.GetTicker();
        Assert.Equal((Price(120m), Price(100m), Price(120m)), (ticker.HighPrice, ticker.LowPrice, ticker.OpenPrice));
    }

    [Fact]
    public void The_ticker_carries_the_best_bid_and_ask_and_has_a_mini_form()
    {
        var exchange = Exchange();
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Buy(1, 99m, 3m);
        exchange.Sell(1, 101m, 4m);

        var ticker = exchange.Market.GetTicker();
        Assert.Equal((Price(99m), Qty(3m), Price(101m), Qty(4m)), (ticker.BidPrice, ticker.BidQuantity, ticker.AskPrice, ticker.AskQuantity));
        Assert.Equal(
            new MiniTicker(ticker.OpenTime, ticker.CloseTime, Price(100m), Price(100m), Price(100m), Price(100m), Qty(1m), Qty(100m)),
            exchange.Market.GetMiniTicker());
    }

    [Fact]
    public void Average_price_is_weighted_over_the_last_five_minutes()
    {
        var exchange = Exchange();
        var t0 = exchange.Time;
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Time = t0 + (10 * Minute);
        exchange.Trade(200m, 1m, Side.Buy);
        exchange.Time = t0 + (11 * Minute);
        exchange.Trade(230m, 3m, Side.Sell);
        var lastTradeTime = exchange.Time;
        exchange.Time = t0 + (14 * Minute);
        exchange.Fund(9);

        Assert.Equal(new AveragePrice(5, Price(222.5m), lastTradeTime), exchange.Market.GetAveragePrice());

        exchange.Time = t0 + (30 * Minute);
        exchange.Fund(9);
        Assert.Equal(new AveragePrice(5, Price(230m), lastTradeTime), exchange.Market.GetAveragePrice());
    }

    [Fact]
    public void A_market_that_never_traded_has_an_empty_ticker()
    {
        var exchange = Exchange();
        var ticker = exchange.Market.GetTicker();

        Assert.Equal((0L, 0L, -1L, -1L), (ticker.LastPrice, ticker.Count, ticker.FirstTradeId, ticker.LastTradeId));
        Assert.Equal(new AveragePrice(5, 0, 0), exchange.Market.GetAveragePrice());
    }

    [Fact]
    public void The_ticker_equals_a_direct_sum_over_a_random_day_of_trades()
    {
        var exchange = new ExchangeHarness(new MarketDataOptions { TradesKept = 1_000_000 }) { Step = 20_000 };
        var flow = new RandomOrderFlow(exchange, seed: 5);
        for (var i = 0; i < 8_000; i++)
        {
            flow.Next(exchange);
        }

        var ticker = exchange.Market.GetTicker();
        var inWindow = exchange.Market.GetRecentTrades(1_000_000).Where(t => t.Time >= ticker.OpenTime).ToList();
        Assert.True(inWindow.Count > 100 && inWindow[0].Id > 100, "the window should have dropped trades");
        Assert.Equal(inWindow[0].Price, ticker.OpenPrice);
        Assert.Equal(inWindow.Max(t => t.Price), ticker.HighPrice);
        Assert.Equal(inWindow.Min(t => t.Price), ticker.LowPrice);
        Assert.Equal(inWindow.Aggregate(Int128.Zero, (sum, t) => sum + t.Quantity), ticker.Volume);
        Assert.Equal(inWindow.Aggregate(Int128.Zero, (sum, t) => sum + t.QuoteQuantity), ticker.QuoteVolume);
        Assert.Equal((inWindow[0].Id, inWindow[^1].Id, (long)inWindow.Count), (ticker.FirstTradeId, ticker.LastTradeId, ticker.Count));
    }

    private static ExchangeHarness Exchange()
    {
        var exchange = new ExchangeHarness { Step = 0 };
        exchange.Fund(1);
        exchange.Fund(2);
        return exchange;
    }
}
