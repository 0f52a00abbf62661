using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class LimitOrderTests
{
    private const long Alice = 1;
    private const long Bob = 2;
    private const long Carol = 3;

    [Fact]
    public void Limit_order_that_crosses_nothing_rests_and_locks_its_funds()
    {
        var x = new TestExchange();
        x.Fund(Bob, Usdt, 100_000);

        var events = x.Apply(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(30_000), Qty(0.5m)));

        var accepted = Assert.Single(events, e => e.Type == EventType.OrderAccepted);
        Assert.Equal(OrderStatus.New, accepted.Status);
        Assert.Equal(x.LastSequence, accepted.OrderId);
        Assert.Equal([(30_000m, 0.5m)], x.Bids);
        Assert.Equal(85_000m, x.Available(Bob, Usdt));
        Assert.Equal(15_000m, x.Locked(Bob, Usdt));
        var balance = Assert.Single(events, e => e.Type == EventType.BalanceChanged);
        Assert.Equal(-Qty(15_000), balance.AvailableDelta);
        Assert.Equal(Qty(15_000), balance.LockedDelta);
    }

    [Fact]
    public void Limit_order_crossing_the_spread_fills_at_maker_price_and_refunds_the_improvement()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 1);
        x.Fund(Bob, Usdt, 100_000);
        var ask = x.Sell(Alice, 30_000, 0.5m);

        var events = x.Apply(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(31_000), Qty(0.5m)));

        var trade = Assert.Single(events, e => e.Type == EventType.Trade);
        Assert.Equal(Price(30_000), trade.LastPrice);
        Assert.Equal(Qty(0.5m), trade.LastQuantity);
        Assert.Equal(Qty(15_000), trade.LastQuote);
        Assert.Equal(ask, trade.CounterOrderId);
        Assert.Equal(Side.Buy, trade.Side);
        Assert.Equal(1, trade.TradeId);
        Assert.Equal(2, events.Count(e => e.Type == EventType.OrderFilled));
        Assert.Empty(x.Bids);
        Assert.Empty(x.Asks);

        // Taker pays 0.1% in BTC, maker 0.1% in USDT.
        Assert.Equal(0.4995m, x.Available(Bob, Btc));
        Assert.Equal(85_000m, x.Available(Bob, Usdt));
        Assert.Equal(0m, x.Locked(Bob, Usdt));
        Assert.Equal(14_985m, x.Available(Alice, Usdt));
        Assert.Equal(0.5m, x.Available(Alice, Btc));
        Assert.Equal(0m, x.Locked(Alice, Btc));
        Assert.Equal(0.0005m, x.Fees(Btc));
        Assert.Equal(15m, x.Fees(Usdt));
    }

    [Fact]
    public void Partially_filled_limit_order_rests_with_the_remainder_locked_at_its_own_price()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 1);
        x.Fund(Bob, Usdt, 100_000);
        x.Sell(Alice, 30_000, 0.2m);

        var events = x.Apply(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(30_100), Qty(0.5m)));

        var fill = Assert.Single(events, e => e.Type == EventType.OrderPartiallyFilled);
        Assert.Equal(Bob, fill.UserId);
        Assert.Equal(Qty(0.2m), fill.ExecutedQuantity);
        Assert.Equal([(30_100m, 0.3m)], x.Bids);
        Assert.Equal(0.3m * 30_100m, x.Locked(Bob, Usdt));
        Assert.Equal(100_000m - 0.2m * 30_000m - 0.3m * 30_100m, x.Available(Bob, Usdt));
        var order = x.Core.GetOpenOrder(fill.OrderId)!;
        Assert.Equal(OrderStatus.PartiallyFilled, order.Status);
    }

    [Fact]
    public void Better_prices_fill_first_then_older_orders_at_the_same_price()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 10);
        x.Fund(Carol, Btc, 10);
        x.Fund(Bob, Usdt, 1_000_000);
        var aliceAt101 = x.Sell(Alice, 101, 1);
        var carolAt100 = x.Sell(Carol, 100, 1);
        var aliceAt100 = x.Sell(Alice, 100, 1);

        var events = x.Apply(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(101), Qty(2.5m)));

        var makers = events.Where(e => e.Type == EventType.Trade).Select(e => (e.CounterOrderId, e.LastQuantity)).ToList();
        Assert.Equal([(carolAt100, Qty(1)), (aliceAt100, Qty(1)), (aliceAt101, Qty(0.5m))], makers);
        Assert.Equal([(101m, 0.5m)], x.Asks);
    }

    [Fact]
    public void Immediate_or_cancel_fills_what_it_can_and_expires_the_rest()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 1);
        x.Fund(Bob, Usdt, 100_000);
        x.Sell(Alice, 30_000, 0.1m);

        var events = x.Apply(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(30_000), Qty(0.3m), TimeInForce.Ioc));

        var expired = Assert.Single(events, e => e.Type == EventType.OrderExpired);
        Assert.Equal(OrderStatus.Expired, expired.Status);
        Assert.Equal(Qty(0.1m), expired.ExecutedQuantity);
        Assert.Empty(x.Bids);
        Assert.Equal(0m, x.Locked(Bob, Usdt));
        Assert.Equal(97_000m, x.Available(Bob, Usdt));
        Assert.Equal(0, x.Core.OpenOrderCount);
    }

    [Fact]
    public void Fill_or_kill_that_cannot_fill_completely_is_rejected_and_changes_nothing()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 1);
        x.Fund(Bob, Usdt, 100_000);
        x.Sell(Alice, 30_000, 0.1m);
        x.Sell(Alice, 30_500, 0.1m);

        x.Rejected(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(30_400), Qty(0.15m), TimeInForce.Fok), RejectReason.FokNotFillable);
    }

    [Fact]
    public void Fill_or_kill_that_can_fill_completely_fills_across_levels()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 1);
        x.Fund(Bob, Usdt, 100_000);
        x.Sell(Alice, 30_000, 0.1m);
        x.Sell(Alice, 30_500, 0.1m);

        var events = x.Apply(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(30_500), Qty(0.15m), TimeInForce.Fok));

        Assert.Equal(2, events.Count(e => e.Type == EventType.Trade));
        Assert.Equal([(30_500m, 0.05m)], x.Asks);
    }

    [Fact]
    public void Sell_limit_locks_base_and_a_crossing_buy_at_the_same_price_fills()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 1);
        x.Fund(Bob, Usdt, 100_000);
        x.Buy(Bob, 29_000, 1);

        var events = x.Apply(Command.Limit(Alice, BtcUsdt, Side.Sell, Price(28_000), Qty(0.25m)));

        var trade = Assert.Single(events, e => e.Type == EventType.Trade);
        Assert.Equal(Price(29_000), trade.LastPrice);
        Assert.Equal(Side.Sell, trade.Side);
        Assert.Equal(0.75m, x.Available(Alice, Btc));
        Assert.Equal(29_000m * 0.25m * 0.999m, x.Available(Alice, Usdt));
        Assert.Equal([(29_000m, 0.75m)], x.Bids);
    }

    [Fact]
    public void Client_order_id_is_unique_among_open_orders_and_free_again_once_the_order_is_closed()
    {
        var x = new TestExchange();
        x.Fund(Bob, Usdt, 100_000);
        var first = x.Place(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(100), Qty(1), clientOrderId: "my-1"));

        x.Rejected(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(101), Qty(1), clientOrderId: "my-1"), RejectReason.DuplicateClientOrderId);
        // Another user may use the same id.
        x.Fund(Carol, Usdt, 1_000);
        x.Place(Command.Limit(Carol, BtcUsdt, Side.Buy, Price(100), Qty(1), clientOrderId: "my-1"));

        x.Ok(Command.Cancel(Bob, BtcUsdt, first));
        x.Place(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(101), Qty(1), clientOrderId: "my-1"));
    }

    [Fact]
    public void Book_changes_are_reported_per_level_with_contiguous_update_ids()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 1);
        x.Fund(Bob, Usdt, 100_000);

        var rest = x.Apply(Command.Limit(Alice, BtcUsdt, Side.Sell, Price(30_000), Qty(0.5m)));
        var take = x.Apply(Command.Limit(Bob, BtcUsdt, Side.Buy, Price(30_000), Qty(0.5m)));

        var added = Assert.Single(rest, e => e.Type == EventType.BookLevelChanged);
        Assert.Equal((Side.Sell, Price(30_000), Qty(0.5m), 1L), (added.Side, added.Price, added.Quantity, added.BookUpdateId));
        var removed = Assert.Single(take, e => e.Type == EventType.BookLevelChanged);
        Assert.Equal((Side.Sell, Price(30_000), 0L, 2L), (removed.Side, removed.Price, removed.Quantity, removed.BookUpdateId));
    }
}
