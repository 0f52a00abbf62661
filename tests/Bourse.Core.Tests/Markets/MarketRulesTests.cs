using Bourse.Core.Commands;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Markets;

// BTCUSDT as TestExchange has it: 0.01 tick, 0.00001 lot, quantity 0.00001 to 9000, minimum notional 1 USDT.
public class MarketRulesTests
{
    private static RejectReason Check(Command order, MarketSpec? spec = null) => MarketRules.Check(in order, spec ?? Spec, Unit);

    private static Command Buy(decimal price, decimal quantity) => Command.Limit(1, BtcUsdt, Side.Buy, Price(price), Qty(quantity));

    [Fact]
    public void A_price_exactly_on_the_tick_passes_and_one_unit_off_it_fails_the_price_filter()
    {
        Assert.Equal(RejectReason.None, Check(Buy(100.01m, 1)));
        Assert.Equal(RejectReason.PriceFilter, Check(Buy(100.01m, 1) with { Price = Price(100.01m) + 1 }));
        Assert.Equal(RejectReason.PriceFilter, Check(Buy(100.01m, 1) with { Price = Price(100.01m) - 1 }));
    }

    [Fact]
    public void A_price_at_the_minimum_or_maximum_passes_and_one_tick_beyond_fails_the_price_filter()
    {
        var spec = Spec with { MinPrice = Price(1), MaxPrice = Price(1_000) };

        Assert.Equal(RejectReason.None, Check(Buy(1, 1), spec));
        Assert.Equal(RejectReason.None, Check(Buy(1_000, 1), spec));
        Assert.Equal(RejectReason.PriceFilter, Check(Buy(0.99m, 2), spec));
        Assert.Equal(RejectReason.PriceFilter, Check(Buy(1_000.01m, 1), spec));
    }

    [Fact]
    public void A_maximum_price_of_zero_means_no_maximum() =>
        Assert.Equal(RejectReason.None, Check(Buy(50_000_000m, 1)));

    [Fact]
    public void A_zero_or_negative_price_is_invalid_rather_than_a_filter_failure()
    {
        Assert.Equal(RejectReason.InvalidPrice, Check(Buy(0, 1)));
        Assert.Equal(RejectReason.InvalidPrice, Check(Buy(-100, 1)));
    }

    [Fact]
    public void A_quantity_on_the_lot_within_its_range_passes_and_off_the_lot_or_out_of_range_fails_the_lot_size()
    {
        Assert.Equal(RejectReason.None, Check(Buy(100_000, 0.00001m)));
        Assert.Equal(RejectReason.None, Check(Buy(100, 9_000)));
        Assert.Equal(RejectReason.LotSize, Check(Buy(100_000, 0.000015m)));
        Assert.Equal(RejectReason.LotSize, Check(Buy(100, 9_000.00001m)));
        Assert.Equal(RejectReason.LotSize, Check(Buy(100_000, 0.00099m), Spec with { MinQuantity = Qty(0.001m) }));
        Assert.Equal(RejectReason.None, Check(Buy(100_000, 0.001m), Spec with { MinQuantity = Qty(0.001m) }));
    }

    [Fact]
    public void A_zero_or_negative_quantity_is_invalid_rather_than_a_filter_failure()
    {
        Assert.Equal(RejectReason.InvalidQuantity, Check(Buy(100, 0)));
        Assert.Equal(RejectReason.InvalidQuantity, Check(Buy(100, -1)));
    }

    [Fact]
    public void A_notional_of_exactly_the_minimum_passes_and_one_lot_less_fails_the_notional_filter()
    {
        // 100 × 0.01 = 1 USDT, the minimum; 100 × 0.00999 = 0.999 USDT.
        Assert.Equal(RejectReason.None, Check(Buy(100, 0.01m)));
        Assert.Equal(RejectReason.Notional, Check(Buy(100, 0.00999m)));
    }

    [Fact]
    public void A_notional_of_exactly_the_maximum_passes_and_one_lot_more_fails_the_notional_filter()
    {
        var spec = Spec with { MaxNotional = Price(1_000) };

        Assert.Equal(RejectReason.None, Check(Buy(100, 10), spec));
        Assert.Equal(RejectReason.Notional, Check(Buy(100, 10.00001m), spec));
    }

    [Fact]
    public void A_notional_too_large_for_a_long_is_an_overflow() =>
        Assert.Equal(RejectReason.Overflow,
            Check(Command.Limit(1, BtcUsdt, Side.Buy, long.MaxValue - (long.MaxValue % Price(0.01m)), Qty(9_000))));

    [Fact]
    public void The_price_is_judged_before_the_quantity_and_the_quantity_before_the_notional()
    {
        Assert.Equal(RejectReason.PriceFilter, Check(Buy(100.001m, 0.000015m)));
        Assert.Equal(RejectReason.LotSize, Check(Buy(10, 0.000015m)));
    }

    [Fact]
    public void A_market_order_by_quantity_takes_no_price_and_is_judged_by_the_lot_size_alone()
    {
        // No notional check: with no price there is nothing to multiply.
        Assert.Equal(RejectReason.None, Check(Command.Market(1, BtcUsdt, Side.Buy, Qty(0.00001m))));
        Assert.Equal(RejectReason.LotSize, Check(Command.Market(1, BtcUsdt, Side.Buy, Qty(0.000015m))));
        Assert.Equal(RejectReason.LotSize, Check(Command.Market(1, BtcUsdt, Side.Sell, Qty(9_000.00001m))));
    }

    [Fact]
    public void A_market_order_by_quote_amount_is_judged_by_the_notional_range()
    {
        var spec = Spec with { MaxNotional = Price(1_000) };

        Assert.Equal(RejectReason.None, Check(Command.MarketByQuote(1, BtcUsdt, Side.Buy, Price(1)), spec));
        Assert.Equal(RejectReason.None, Check(Command.MarketByQuote(1, BtcUsdt, Side.Buy, Price(1_000)), spec));
        Assert.Equal(RejectReason.Notional, Check(Command.MarketByQuote(1, BtcUsdt, Side.Buy, Price(1) - 1), spec));
        Assert.Equal(RejectReason.Notional, Check(Command.MarketByQuote(1, BtcUsdt, Side.Buy, Price(1_000) + 1), spec));
    }

    [Fact]
    public void A_market_order_needs_exactly_one_of_quantity_and_quote_amount()
    {
        var byQuantity = Command.Market(1, BtcUsdt, Side.Buy, Qty(1));

        Assert.Equal(RejectReason.InvalidQuantity, Check(byQuantity with { QuoteQuantity = Price(100) }));
        Assert.Equal(RejectReason.InvalidQuantity, Check(byQuantity with { Quantity = 0 }));
        Assert.Equal(RejectReason.InvalidQuantity, Check(byQuantity with { QuoteQuantity = -1 }));
    }

    [Fact]
    public void A_market_order_with_a_price_stop_price_iceberg_or_time_in_force_is_the_wrong_order_type()
    {
        var order = Command.Market(1, BtcUsdt, Side.Buy, Qty(1));

        Assert.Equal(RejectReason.InvalidOrderType, Check(order with { Price = Price(100) }));
        Assert.Equal(RejectReason.InvalidOrderType, Check(order with { StopPrice = Price(100) }));
        Assert.Equal(RejectReason.InvalidOrderType, Check(order with { IcebergQuantity = Qty(0.1m) }));
        Assert.Equal(RejectReason.InvalidOrderType, Check(order with { TimeInForce = TimeInForce.Gtc }));
    }

    [Fact]
    public void A_limit_order_needs_a_time_in_force_and_a_limit_maker_may_only_say_gtc()
    {
        Assert.Equal(RejectReason.InvalidTimeInForce, Check(Buy(100, 1) with { TimeInForce = TimeInForce.None }));
        Assert.Equal(RejectReason.None, Check(Buy(100, 1) with { TimeInForce = TimeInForce.Ioc }));

        var maker = Command.LimitMaker(1, BtcUsdt, Side.Buy, Price(100), Qty(1));
        Assert.Equal(RejectReason.None, Check(maker));
        Assert.Equal(RejectReason.None, Check(maker with { TimeInForce = TimeInForce.Gtc }));
        Assert.Equal(RejectReason.InvalidTimeInForce, Check(maker with { TimeInForce = TimeInForce.Ioc }));
    }

    [Fact]
    public void A_stop_price_off_the_tick_is_an_invalid_stop_price_judged_after_the_limit_price()
    {
        Assert.Equal(RejectReason.None,
            Check(Command.StopLimit(1, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(99), Price(98), Qty(1))));
        Assert.Equal(RejectReason.InvalidStopPrice,
            Check(Command.StopLimit(1, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(99.999m), Price(98), Qty(1))));
        Assert.Equal(RejectReason.InvalidStopPrice,
            Check(Command.StopLimit(1, BtcUsdt, Side.Buy, OrderType.TakeProfitLimit, 0, Price(98), Qty(1))));
        Assert.Equal(RejectReason.PriceFilter,
            Check(Command.StopLimit(1, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(99.999m), Price(98.001m), Qty(1))));
    }

    [Fact]
    public void An_iceberg_must_rest_show_whole_lots_less_than_its_quantity_and_stay_within_its_parts()
    {
        Assert.Equal(RejectReason.None, Check(Buy(100, 1) with { IcebergQuantity = Qty(0.01m) }));
        Assert.Equal(RejectReason.InvalidIceberg, Check(Buy(100, 1) with { IcebergQuantity = Qty(0.00999m) }));
        Assert.Equal(RejectReason.InvalidIceberg, Check(Buy(100, 1) with { IcebergQuantity = Qty(0.000015m) }));
        Assert.Equal(RejectReason.InvalidIceberg, Check(Buy(100, 1) with { IcebergQuantity = Qty(1) }));
        Assert.Equal(RejectReason.InvalidIceberg, Check(Buy(100, 1) with { IcebergQuantity = -Qty(0.1m) }));
        Assert.Equal(RejectReason.InvalidIceberg,
            Check(Buy(100, 1) with { IcebergQuantity = Qty(0.1m), TimeInForce = TimeInForce.Ioc }));
    }

    [Fact]
    public void An_unknown_order_type_is_refused() =>
        Assert.Equal(RejectReason.InvalidOrderType, Check(Buy(100, 1) with { OrderType = (OrderType)42 }));

    [Fact]
    public void Checking_allocates_nothing()
    {
        var limit = Buy(100, 1) with { IcebergQuantity = Qty(0.1m) };
        var stop = Command.StopLimit(1, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(99), Price(98), Qty(1));
        var market = Command.MarketByQuote(1, BtcUsdt, Side.Buy, Price(100));
        var spec = Spec;
        Check(limit);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var passed = 0;
        for (var i = 0; i < 10_000; i++)
        {
            passed += MarketRules.Check(in limit, spec, Unit) == RejectReason.None ? 1 : 0;
            passed += MarketRules.Check(in stop, spec, Unit) == RejectReason.None ? 1 : 0;
            passed += MarketRules.Check(in market, spec, Unit) == RejectReason.None ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(30_000, passed);
        // Under a byte per check; a one-off kilobyte from the runtime tiering the method up is not the code's.
        Assert.True(allocated < 30_000, $"30000 checks allocated {allocated} bytes");
    }
}
