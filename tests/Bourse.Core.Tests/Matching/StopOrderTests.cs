using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class StopOrderTests
{
    private const long Maker = 1;
    private const long Taker = 2;
    private const long Stopper = 3;

    /// <summary>A book around 30,000 with a first trade at 30,000.</summary>
    private static TestExchange Trading()
    {
        var x = new TestExchange();
        x.Fund(Maker, Btc, 100);
        x.Fund(Maker, Usdt, 10_000_000);
        x.Fund(Taker, Btc, 100);
        x.Fund(Taker, Usdt, 10_000_000);
        x.Fund(Stopper, Btc, 10);
        x.Fund(Stopper, Usdt, 1_000_000);
        x.Sell(Maker, 30_000, 0.1m);
        x.Buy(Taker, 30_000, 0.1m);
        return x;
    }

    [Fact]
    public void Sell_stop_loss_waits_with_funds_reserved_and_triggers_when_the_price_falls_to_it()
    {
        var x = Trading();
        var stop = x.Place(Command.StopLimit(Stopper, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(29_000), Price(28_900), Qty(1)));
        Assert.Equal(1m, x.Locked(Stopper, Btc));
        Assert.Equal(OrderStatus.PendingTrigger, x.Core.GetOpenOrder(stop)!.Status);
        Assert.Empty(x.Asks);

        x.Buy(Maker, 29_500, 0.1m);
        x.Sell(Taker, 29_500, 0.1m);
        Assert.True(x.Core.GetOpenOrder(stop)!.IsPendingTrigger);

        x.Buy(Maker, 29_000, 0.1m);
        var events = x.Apply(Command.Limit(Taker, BtcUsdt, Side.Sell, Price(29_000), Qty(0.1m)));

        Assert.Contains(events, e => e.Type == EventType.OrderTriggered && e.OrderId == stop);
        Assert.Equal([(28_900m, 1m)], x.Asks);
        Assert.Equal(1m, x.Locked(Stopper, Btc));
    }

    [Fact]
    public void Buy_stop_loss_triggers_on_a_rise_and_trades_as_a_taker()
    {
        var x = Trading();
        x.Sell(Maker, 31_000, 0.5m);
        var stop = x.Place(Command.StopLimit(Stopper, BtcUsdt, Side.Buy, OrderType.StopLossLimit, Price(30_500), Price(31_000), Qty(0.2m)));
        Assert.Equal(0.2m * 31_000m, x.Locked(Stopper, Usdt));

        x.Sell(Maker, 30_500, 0.1m);
        var events = x.Apply(Command.Limit(Taker, BtcUsdt, Side.Buy, Price(30_500), Qty(0.1m)));

        var triggered = events.FindIndex(e => e.Type == EventType.OrderTriggered);
        Assert.True(triggered >= 0);
        var stopFill = Assert.Single(events, e => e.Type == EventType.OrderFilled && e.OrderId == stop);
        Assert.Equal(Price(31_000), stopFill.LastPrice);
        Assert.Equal(0m, x.Locked(Stopper, Usdt));
    }

    [Fact]
    public void Take_profit_sell_triggers_on_a_rise_and_buy_on_a_fall()
    {
        Assert.True(Orders.StopOrders.IsTriggered(Side.Sell, OrderType.TakeProfitLimit, Price(31_000), Price(31_000)));
        Assert.False(Orders.StopOrders.IsTriggered(Side.Sell, OrderType.TakeProfitLimit, Price(31_000), Price(30_999)));
        Assert.True(Orders.StopOrders.IsTriggered(Side.Buy, OrderType.TakeProfitLimit, Price(29_000), Price(28_000)));
        Assert.False(Orders.StopOrders.IsTriggered(Side.Buy, OrderType.TakeProfitLimit, Price(29_000), Price(29_001)));

        var x = Trading();
        var takeProfit = x.Place(Command.StopLimit(Stopper, BtcUsdt, Side.Sell, OrderType.TakeProfitLimit, Price(30_200), Price(30_200), Qty(0.3m)));
        x.Sell(Maker, 30_200, 0.1m);
        var events = x.Apply(Command.Limit(Taker, BtcUsdt, Side.Buy, Price(30_200), Qty(0.1m)));

        Assert.Contains(events, e => e.Type == EventType.OrderTriggered && e.OrderId == takeProfit);
        Assert.Equal([(30_200m, 0.3m)], x.Asks);
    }

    [Fact]
    public void Stop_that_the_last_price_already_reached_is_rejected()
    {
        var x = Trading();

        x.Rejected(Command.StopLimit(Stopper, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(30_000), Price(29_900), Qty(1)),
            RejectReason.WouldTriggerImmediately);
        x.Rejected(Command.StopLimit(Stopper, BtcUsdt, Side.Buy, OrderType.StopLossLimit, Price(29_999), Price(30_100), Qty(1)),
            RejectReason.WouldTriggerImmediately);
    }

    [Fact]
    public void A_cascade_of_stops_resolves_within_one_command_in_trigger_order()
    {
        var x = Trading();
        // Bids below the market that each triggered stop sells into, moving the price down further.
        x.Buy(Maker, 29_800, 0.5m);
        x.Buy(Maker, 29_500, 0.5m);
        var first = x.Place(Command.StopLimit(Stopper, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(29_900), Price(29_800), Qty(0.5m)));
        var second = x.Place(Command.StopLimit(Stopper, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(29_800), Price(29_500), Qty(0.5m)));
        x.Buy(Maker, 29_900, 0.1m);

        var events = x.Apply(Command.Limit(Taker, BtcUsdt, Side.Sell, Price(29_900), Qty(0.1m)));

        var triggered = events.Where(e => e.Type == EventType.OrderTriggered).Select(e => e.OrderId).ToList();
        Assert.Equal([first, second], triggered);
        Assert.Equal(3, events.Count(e => e.Type == EventType.Trade));
        Assert.Empty(x.Bids);
        Assert.Equal(Price(29_500), x.Market.LastPrice);
    }

    [Fact]
    public void Fill_or_kill_stop_that_cannot_fill_completely_when_triggered_expires_without_trading()
    {
        var x = Trading();
        var stop = x.Place(Command.StopLimit(Stopper, BtcUsdt, Side.Buy, OrderType.StopLossLimit, Price(30_100), Price(30_100), Qty(0.3m), TimeInForce.Fok));
        x.Sell(Maker, 30_100, 0.2m);

        var events = x.Apply(Command.Limit(Taker, BtcUsdt, Side.Buy, Price(30_100), Qty(0.1m)));

        Assert.Contains(events, e => e.Type == EventType.OrderTriggered && e.OrderId == stop);
        var expired = Assert.Single(events, e => e.Type == EventType.OrderExpired && e.OrderId == stop);
        Assert.Equal(0, expired.ExecutedQuantity);
        Assert.DoesNotContain(events, e => e.Type == EventType.Trade && e.OrderId == stop);
        Assert.Equal([(30_100m, 0.1m)], x.Asks);
        Assert.Equal(0m, x.Locked(Stopper, Usdt));
    }

    [Fact]
    public void Canceling_a_waiting_stop_releases_its_reservation()
    {
        var x = Trading();
        var stop = x.Place(Command.StopLimit(Stopper, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(29_000), Price(28_900), Qty(1)));

        var events = x.Ok(Command.Cancel(Stopper, BtcUsdt, stop));

        Assert.Equal(OrderStatus.Canceled, Assert.Single(events, e => e.Type == EventType.OrderCanceled).Status);
        Assert.Equal(0m, x.Locked(Stopper, Btc));
        Assert.Equal(0, x.Market.StopOrders.Count);
    }
}
