using Bourse.Core.Model;
using Bourse.MarketData.Klines;
using static Bourse.MarketData.Tests.ExchangeHarness;
using static Bourse.MarketData.Tests.Klines.KlineIntervalsTests;

namespace Bourse.MarketData.Tests.Klines;

public class KlineTests
{
    [Fact]
    public void Trades_within_a_minute_make_one_kline_with_high_low_volumes_and_taker_buy_volumes()
    {
        var exchange = Exchange("2024-01-03T12:34:05Z");
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Trade(99m, 2m, Side.Sell);
        exchange.Trade(102m, 0.5m, Side.Buy);
        exchange.Trade(101m, 1m, Side.Sell);

        var kline = Assert.Single(exchange.Market.GetKlines(KlineInterval.OneMinute));
        Assert.Equal(
            new Kline(Ms("2024-01-03T12:34:00Z"), Ms("2024-01-03T12:34:59.999Z"), Price(100m), Price(102m), Price(99m), Price(101m),
                Volume: Qty(4.5m), QuoteVolume: Qty(100m + 198m + 51m + 101m), TradeCount: 4,
                TakerBuyBaseVolume: Qty(1.5m), TakerBuyQuoteVolume: Qty(151m), FirstTradeId: 1, LastTradeId: 4, IsClosed: false),
            kline);
    }

    [Fact]
    public void A_trade_after_the_minute_opens_the_next_kline_and_closes_the_previous()
    {
        var exchange = Exchange("2024-01-03T12:34:59.998Z");
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Time = Ms("2024-01-03T12:35:00Z");
        exchange.Trade(105m, 1m, Side.Buy);

        var klines = exchange.Market.GetKlines(KlineInterval.OneMinute);
        Assert.Equal([Ms("2024-01-03T12:34:00Z"), Ms("2024-01-03T12:35:00Z")], klines.Select(k => k.OpenTime));
        Assert.Equal([true, false], klines.Select(k => k.IsClosed));
        Assert.Equal([Price(100m), Price(105m)], klines.Select(k => k.Close));
        Assert.Single(exchange.Market.GetKlines(KlineInterval.OneHour));
    }

    [Fact]
    public void Weekly_klines_start_on_monday()
    {
        var exchange = Exchange("2024-01-07T23:59:59Z");
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Time = Ms("2024-01-08T00:00:00Z");
        exchange.Trade(110m, 2m, Side.Buy);

        var weeks = exchange.Market.GetKlines(KlineInterval.OneWeek);
        Assert.Equal([Ms("2024-01-01T00:00:00Z"), Ms("2024-01-08T00:00:00Z")], weeks.Select(k => k.OpenTime));
        Assert.Equal([Qty(1m), Qty(2m)], weeks.Select(k => k.Volume));
        Assert.Equal(Ms("2024-01-07T23:59:59.999Z"), weeks[0].CloseTime);
    }

    [Fact]
    public void Monthly_klines_start_on_the_first()
    {
        var exchange = Exchange("2024-01-31T23:59:59.999Z");
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Time = Ms("2024-02-01T00:00:00Z");
        exchange.Trade(110m, 2m, Side.Sell);
        exchange.Time = Ms("2024-02-29T23:00:00Z");
        exchange.Trade(90m, 1m, Side.Buy);

        var months = exchange.Market.GetKlines(KlineInterval.OneMonth);
        Assert.Equal([Ms("2024-01-01T00:00:00Z"), Ms("2024-02-01T00:00:00Z")], months.Select(k => k.OpenTime));
        Assert.Equal([Ms("2024-01-31T23:59:59.999Z"), Ms("2024-02-29T23:59:59.999Z")], months.Select(k => k.CloseTime));
        Assert.Equal((Price(110m), Price(110m), Price(90m), Price(90m)), (months[1].Open, months[1].High, months[1].Low, months[1].Close));
        Assert.Equal((Qty(3m), Qty(1m), 2L), (months[1].Volume, months[1].TakerBuyBaseVolume, months[1].TradeCount));
    }

    [Fact]
    public void Hours_without_trades_are_filled_at_the_previous_close()
    {
        var exchange = Exchange("2024-01-03T10:15:00Z");
        exchange.Trade(100m, 1m, Side.Buy);
        exchange.Trade(104m, 1m, Side.Buy);
        exchange.Time = Ms("2024-01-03T13:30:00Z");
        exchange.Trade(120m, 1m, Side.Buy);
        exchange.Time = Ms("2024-01-03T15:10:00Z");
        exchange.Fund(9);

        var hours = exchange.Market.GetKlines(KlineInterval.OneHour);
        Assert.Equal(
            ["10:00", "11:00", "12:00", "13:00", "14:00", "15:00"],
            hours.Select(k => DateTimeOffset.FromUnixTimeMilliseconds(k.OpenTime).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        var gap = hours[1];
        Assert.Equal((Price(104m), Price(104m), Price(104m), Price(104m)), (gap.Open, gap.High, gap.Low, gap.Close));
        Assert.Equal((Int128.Zero, 0L, -1L, -1L, true), (gap.Volume, gap.TradeCount, gap.FirstTradeId, gap.LastTradeId, gap.IsClosed));
        Assert.Equal(Price(120m), hours[4].Close);
        Assert.Equal((0L, false), (hours[5].TradeCount, hours[5].IsClosed));
    }

    [Fact]
    public void A_kline_query_honours_start_end_and_limit()
    {
        var exchange = Exchange("2024-01-03T10:00:30Z");
        for (var i = 0; i < 10; i++)
        {
            exchange.Time = Ms("2024-01-03T10:00:30Z") + (i * 60_000);
            exchange.Trade(100m + i, 1m, Side.Buy);
        }

        var minute = 60_000L;
        var t0 = Ms("2024-01-03T10:00:00Z");
        var market = exchange.Market;
        Assert.Equal(10, market.GetKlines(KlineInterval.OneMinute).Count);
        Assert.Equal([t0 + (4 * minute), t0 + (5 * minute)], market.GetKlines(KlineInterval.OneMinute, startTime: t0 + (3 * minute) + 1, limit: 2).Select(k => k.OpenTime));
        Assert.Equal([t0 + (3 * minute), t0 + (4 * minute)], market.GetKlines(KlineInterval.OneMinute, startTime: t0 + (3 * minute), endTime: t0 + (4 * minute)).Select(k => k.OpenTime));
        Assert.Equal([t0 + (5 * minute), t0 + (6 * minute)], market.GetKlines(KlineInterval.OneMinute, endTime: t0 + (6 * minute) + 5, limit: 2).Select(k => k.OpenTime));
        Assert.Equal([t0 + (8 * minute), t0 + (9 * minute)], market.GetKlines(KlineInterval.OneMinute, limit: 2).Select(k => k.OpenTime));
        Assert.Equal(t0, market.GetKlines(KlineInterval.OneMinute, startTime: 0, limit: 1)[0].OpenTime);
        Assert.Empty(market.GetKlines(KlineInterval.OneMinute, endTime: t0 - 1));
        Assert.Empty(market.GetKlines(KlineInterval.OneMinute, startTime: t0 + (11 * minute)));
        Assert.Equal([Ms("2024-01-01T00:00:00Z")], market.GetKlines(KlineInterval.OneMonth, limit: 3).Select(k => k.OpenTime));
    }

    [Theory]
    [InlineData(KlineInterval.OneMinute)]
    [InlineData(KlineInterval.FiveMinutes)]
    [InlineData(KlineInterval.OneHour)]
    public void Klines_equal_a_direct_grouping_of_a_random_flow_of_trades(KlineInterval interval)
    {
        var exchange = new ExchangeHarness(new MarketDataOptions { TradesKept = 1_000_000 }) { Step = 1_700 };
        var flow = new RandomOrderFlow(exchange, seed: 9);
        for (var i = 0; i < 4_000; i++)
        {
            flow.Next(exchange);
        }

        var trades = exchange.Market.GetRecentTrades(1_000_000);
        var expected = trades.GroupBy(t => interval.OpenTime(t.Time)).ToDictionary(g => g.Key, g => g.ToList());
        var klines = exchange.Market.GetKlines(interval, startTime: 0, limit: 1_000);
        Assert.True(expected.Count > 1);
        Assert.Equal(interval.OpenTime(trades[0].Time), klines[0].OpenTime);
        for (var i = 1; i < klines.Count; i++)
        {
            Assert.Equal(interval.NextOpenTime(klines[i - 1].OpenTime), klines[i].OpenTime);
        }

        foreach (var kline in klines)
        {
            if (!expected.TryGetValue(kline.OpenTime, out var group))
            {
                Assert.Equal(0, kline.TradeCount);
                continue;
            }

            Assert.Equal(
                (group[0].Price, group.Max(t => t.Price), group.Min(t => t.Price), group[^1].Price, group.Count, group[0].Id, group[^1].Id),
                (kline.Open, kline.High, kline.Low, kline.Close, (int)kline.TradeCount, kline.FirstTradeId, kline.LastTradeId));
            Assert.Equal(group.Aggregate(Int128.Zero, (s, t) => s + t.Quantity), kline.Volume);
            Assert.Equal(group.Aggregate(Int128.Zero, (s, t) => s + t.QuoteQuantity), kline.QuoteVolume);
            Assert.Equal(group.Where(t => !t.IsBuyerMaker).Aggregate(Int128.Zero, (s, t) => s + t.Quantity), kline.TakerBuyBaseVolume);
            Assert.Equal(group.Where(t => !t.IsBuyerMaker).Aggregate(Int128.Zero, (s, t) => s + t.QuoteQuantity), kline.TakerBuyQuoteVolume);
        }

        Assert.Equal(expected.Count, klines.Count(k => k.TradeCount > 0));
    }

    [Fact]
    public void Only_the_most_recent_klines_are_kept()
    {
        var exchange = new ExchangeHarness(new MarketDataOptions { KlinesKept = 3 }) { Step = 0 };
        exchange.Fund(1);
        exchange.Fund(2);
        var t0 = Ms("2024-01-03T10:00:00Z");
        for (var i = 0; i < 5; i++)
        {
            exchange.Time = t0 + (i * 60_000);
            exchange.Trade(100m + i, 1m, Side.Buy);
        }

        Assert.Equal([t0 + 120_000, t0 + 180_000, t0 + 240_000], exchange.Market.GetKlines(KlineInterval.OneMinute, startTime: 0).Select(k => k.OpenTime));
        Assert.Single(exchange.Market.GetKlines(KlineInterval.OneDay));
    }

    private static ExchangeHarness Exchange(string time)
    {
        var exchange = new ExchangeHarness { Step = 0 };
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Time = Ms(time);
        return exchange;
    }
}
