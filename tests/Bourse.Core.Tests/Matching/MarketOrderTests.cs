using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class MarketOrderTests
{
    private const long Alice = 1;
    private const long Bob = 2;

    private static TestExchange WithAsks()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 10);
        x.Fund(Bob, Usdt, 100_000);
        x.Sell(Alice, 30_000, 0.1m);
        x.Sell(Alice, 30_100, 0.2m);
        x.Sell(Alice, 40_000, 1m);
        return x;
    }

    [Fact]
    public void Market_buy_by_quantity_sweeps_levels_and_is_filled()
    {
        var x = WithAsks();

        var events = x.Apply(Command.Market(Bob, BtcUsdt, Side.Buy, Qty(0.25m)));

        Assert.Equal(2, events.Count(e => e.Type == EventType.Trade));
        var filled = Assert.Single(events, e => e.Type == EventType.OrderFilled && e.UserId == Bob);
        Assert.Equal(Qty(0.1m * 30_000m + 0.15m * 30_100m), filled.CumulativeQuote);
        Assert.Equal(100_000m - 3_000m - 4_515m, x.Available(Bob, Usdt));
        Assert.Equal(0m, x.Locked(Bob, Usdt));
        Assert.Equal(0.25m * 0.999m, x.Available(Bob, Btc));
    }

    [Fact]
    public void Market_buy_never_sweeps_past_the_price_band()
    {
        var x = WithAsks();

        // The band is 10% around the best ask (no trade yet): 40,000 is out of reach.
        var events = x.Apply(Command.Market(Bob, BtcUsdt, Side.Buy, Qty(0.5m)));

        var expired = Assert.Single(events, e => e.Type == EventType.OrderExpired);
        Assert.Equal(Qty(0.3m), expired.ExecutedQuantity);
        Assert.Equal([(40_000m, 1m)], x.Asks);
        Assert.Equal(0m, x.Locked(Bob, Usdt));
    }

    [Fact]
    public void Market_buy_by_quote_amount_spends_at_most_that_amount_in_whole_lots()
    {
        var x = WithAsks();

        var events = x.Apply(Command.MarketByQuote(Bob, BtcUsdt, Side.Buy, Qty(5_000)));

        var filled = Assert.Single(events, e => e.Type == EventType.OrderFilled && e.UserId == Bob);
        // 0.1 at 30,000 = 3,000; then 2,000 buys 0.06644 at 30,100 = 1,999.8440.
        Assert.Equal(Qty(0.16644m), filled.ExecutedQuantity);
        Assert.Equal(Qty(4_999.844m), filled.CumulativeQuote);
        Assert.Equal(100_000m - 4_999.844m, x.Available(Bob, Usdt));
        Assert.Equal(0m, x.Locked(Bob, Usdt));
    }

    [Fact]
    public void Market_sell_by_quote_amount_raises_at_most_that_amount()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 10);
        x.Fund(Bob, Usdt, 100_000);
        x.Buy(Bob, 30_000, 0.1m);
        x.Buy(Bob, 29_900, 1m);

        var events = x.Apply(Command.MarketByQuote(Alice, BtcUsdt, Side.Sell, Qty(4_000)));

        var filled = Assert.Single(events, e => e.Type == EventType.OrderFilled && e.UserId == Alice);
        // 0.1 at 30,000 = 3,000; then 1,000 sells 0.03344 at 29,900 = 999.856.
        Assert.Equal(Qty(0.13344m), filled.ExecutedQuantity);
        Assert.Equal(Qty(3_999.856m), filled.CumulativeQuote);
        Assert.Equal(10m - 0.13344m, x.Available(Alice, Btc));
        Assert.Equal(0m, x.Locked(Alice, Btc));
    }

    [Fact]
    public void Market_sell_by_quantity_into_an_empty_book_expires_and_unlocks()
    {
        var x = new TestExchange();
        x.Fund(Alice, Btc, 1);

        var events = x.Apply(Command.Market(Alice, BtcUsdt, Side.Sell, Qty(0.5m)));

        var expired = Assert.Single(events, e => e.Type == EventType.OrderExpired);
        Assert.Equal(0, expired.ExecutedQuantity);
        Assert.Equal(1m, x.Available(Alice, Btc));
        Assert.Equal(0m, x.Locked(Alice, Btc));
    }

    [Fact]
    public void Market_buy_the_user_cannot_pay_for_is_rejected()
    {
        var x = WithAsks();
        x.Fund(3, Usdt, 1_000);

        x.Rejected(Command.Market(3, BtcUsdt, Side.Buy, Qty(0.1m)), RejectReason.InsufficientBalance);
    }

    [Fact]
    public void Market_order_needs_exactly_one_of_quantity_and_quote_amount()
    {
        var x = WithAsks();
        var both = Command.Market(Bob, BtcUsdt, Side.Buy, Qty(0.1m));
        both.QuoteQuantity = Qty(100);

        x.Rejected(both, RejectReason.InvalidQuantity);
        x.Rejected(Command.Market(Bob, BtcUsdt, Side.Buy, 0), RejectReason.InvalidQuantity);
        x.Rejected(Command.MarketByQuote(Bob, BtcUsdt, Side.Buy, Qty(0.5m)), RejectReason.Notional);
    }

    [Fact]
    public void Band_follows_the_last_trade_price()
    {
        var x = WithAsks();
        x.Fund(Alice, Usdt, 100_000);
        x.Fund(Bob, Btc, 10);
        x.Apply(Command.Market(Bob, BtcUsdt, Side.Buy, Qty(0.3m)));
        x.Sell(Alice, 33_000, 1m);
        x.Sell(Alice, 33_200, 1m);

        // Last trade 30,100: band reaches 33,110.
        var events = x.Apply(Command.Market(Bob, BtcUsdt, Side.Buy, Qty(1.5m)));

        Assert.Equal(Qty(1), Assert.Single(events, e => e.Type == EventType.OrderExpired).ExecutedQuantity);
    }
}
