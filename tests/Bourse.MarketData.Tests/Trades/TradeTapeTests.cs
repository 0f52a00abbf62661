using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.MarketData.Trades;
using static Bourse.MarketData.Tests.ExchangeHarness;

namespace Bourse.MarketData.Tests.Trades;

public class TradeTapeTests
{
    [Fact]
    public void A_trade_carries_price_quantity_quote_time_and_whether_the_buyer_was_maker()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Trade(30_000m, 0.5m, Side.Sell);
        var time = exchange.Time - exchange.Step;
        exchange.Trade(30_001m, 0.25m, Side.Buy);

        var trades = exchange.Market.GetRecentTrades(10);
        Assert.Equal(
            [
                new Trade(1, Price(30_000m), Qty(0.5m), Qty(15_000m), time, IsBuyerMaker: true),
                new Trade(2, Price(30_001m), Qty(0.25m), Qty(7_500.25m), time + 2, IsBuyerMaker: false),
            ],
            trades);
        Assert.Equal(Price(30_001m), exchange.Market.LastPrice);
    }

    [Fact]
    public void Recent_trades_are_the_last_ones_oldest_first_and_only_the_last_thousand_are_kept()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Sell(1, 100m, 2_000m);
        for (var i = 0; i < 1_005; i++)
        {
            exchange.Ok(Command.Market(2, BtcUsdt, Side.Buy, Qty(0.001m)));
        }

        Assert.Equal([1_001L, 1_002, 1_003, 1_004, 1_005], exchange.Market.GetRecentTrades(5).Select(t => t.Id));
        var all = exchange.Market.GetRecentTrades(5_000);
        Assert.Equal(1_000, all.Count);
        Assert.Equal(6, all[0].Id);
    }

    [Fact]
    public void Historical_trades_start_at_the_requested_id_over_what_is_kept()
    {
        var exchange = new ExchangeHarness(new MarketDataOptions { TradesKept = 10 });
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Sell(1, 100m, 100m);
        for (var i = 0; i < 15; i++)
        {
            exchange.Ok(Command.Market(2, BtcUsdt, Side.Buy, Qty(0.001m)));
        }

        Assert.Equal([8L, 9, 10], exchange.Market.GetHistoricalTrades(8, 3).Select(t => t.Id));
        Assert.Equal([6L, 7], exchange.Market.GetHistoricalTrades(1, 2).Select(t => t.Id));
        Assert.Equal([14L, 15], exchange.Market.GetHistoricalTrades(14, 100).Select(t => t.Id));
        Assert.Empty(exchange.Market.GetHistoricalTrades(16, 100));
        Assert.Equal([13L, 14, 15], exchange.Market.GetHistoricalTrades(null, 3).Select(t => t.Id));
    }

    [Fact]
    public void A_taker_sweeping_three_makers_at_two_prices_makes_two_aggregate_trades()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Fund(3);
        exchange.Sell(1, 100m, 1m);
        exchange.Sell(2, 100m, 2m);
        exchange.Sell(1, 101m, 1m);
        exchange.Buy(3, 101m, 4m);
        var time = exchange.Time - exchange.Step;

        Assert.Equal(
            [
                new AggregateTrade(1, Price(100m), Qty(3m), FirstTradeId: 1, LastTradeId: 2, time, IsBuyerMaker: false),
                new AggregateTrade(3, Price(101m), Qty(1m), FirstTradeId: 3, LastTradeId: 3, time, IsBuyerMaker: false),
            ],
            exchange.Market.GetAggregateTrades());
    }

    [Fact]
    public void Trades_of_different_takers_at_one_price_are_separate_aggregates()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Buy(1, 100m, 5m);
        exchange.Sell(2, 100m, 1m);
        exchange.Sell(2, 100m, 1m);

        var aggregates = exchange.Market.GetAggregateTrades();
        Assert.Equal([(1L, 1L, 1L), (2L, 2L, 2L)], aggregates.Select(a => (a.Id, a.FirstTradeId, a.LastTradeId)));
        Assert.All(aggregates, a => Assert.True(a.IsBuyerMaker));
    }

    [Fact]
    public void A_triggered_stop_trading_in_the_same_command_starts_its_own_aggregate()
    {
        var exchange = new ExchangeHarness();
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Fund(3);
        exchange.Sell(1, 100m, 1m);
        exchange.Sell(1, 100m, 1m);
        exchange.Ok(Command.StopLimit(3, BtcUsdt, Side.Buy, OrderType.StopLossLimit, Price(100m), Price(100m), Qty(1m)));
        exchange.Buy(2, 100m, 1m);

        // The buyer's trade triggers the stop, which takes the next maker at the same price.
        Assert.Equal([(1L, 1L, 1L), (2L, 2L, 2L)], exchange.Market.GetAggregateTrades().Select(a => (a.Id, a.FirstTradeId, a.LastTradeId)));
    }

    [Fact]
    public void Aggregate_trades_are_selected_by_id_by_time_and_most_recent_first()
    {
        var exchange = new ExchangeHarness { Step = 1_000 };
        exchange.Fund(1);
        exchange.Fund(2);
        var times = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            exchange.Trade(100m + i, 1m, Side.Buy);
            times.Add(exchange.Time - exchange.Step);
        }

        var market = exchange.Market;
        Assert.Equal([4L, 5, 6], market.GetAggregateTrades(fromId: 4, limit: 3).Select(a => a.Id));
        Assert.Equal([4L, 5], market.GetAggregateTrades(fromId: 4, endTime: times[4]).Select(a => a.Id));
        Assert.Equal([3L, 4, 5], market.GetAggregateTrades(startTime: times[2] - 1, endTime: times[4]).Select(a => a.Id));
        Assert.Equal([3L, 4], market.GetAggregateTrades(startTime: times[2], limit: 2).Select(a => a.Id));
        Assert.Equal([4L, 5], market.GetAggregateTrades(endTime: times[4] + 1, limit: 2).Select(a => a.Id));
        Assert.Equal([9L, 10], market.GetAggregateTrades(limit: 2).Select(a => a.Id));
        Assert.Empty(market.GetAggregateTrades(startTime: times[9] + 1));
        Assert.Equal(Price(103m), market.GetAggregateTrades(fromId: 4, limit: 1)[0].Price);
    }

    [Fact]
    public void The_listener_hears_the_new_trade_and_aggregate_ids_of_each_batch()
    {
        var listener = new RecordingListener();
        var exchange = new ExchangeHarness(new MarketDataOptions { Listener = listener });
        exchange.Fund(1);
        exchange.Fund(2);
        exchange.Sell(1, 100m, 1m);
        exchange.Sell(1, 101m, 1m);
        listener.Changes.Clear();
        exchange.Buy(2, 101m, 2m);

        var changes = Assert.Single(listener.Changes).Changes;
        Assert.Equal((1L, 2L, 1L, 2L), (changes.FirstTradeId, changes.LastTradeId, changes.FirstAggregateId, changes.LastAggregateId));
        Assert.True(changes.HasTrades);
        Assert.Equal(exchange.Time - exchange.Step, changes.EventTime);
    }
}
