using Bourse.Core.Commands;
using Bourse.Core.Model;
using static Bourse.Trading.Tests.TestMarkets;

namespace Bourse.Trading.Tests;

public class PlaceOrderTests
{
    [Fact]
    public void A_limit_order_becomes_a_place_order_command_in_smallest_units()
    {
        var order = Intake.PlaceOrder(Limit() with { Quantity = 0.5m, Price = 100.25m });

        Assert.True(order.IsAccepted, order.ToString());
        var command = order.Value.Command;
        Assert.Equal(CommandType.PlaceOrder, command.Type);
        Assert.Equal(7, command.UserId);
        Assert.Equal(BtcUsdt.Id, command.MarketId);
        Assert.Equal(Side.Buy, command.Side);
        Assert.Equal(OrderType.Limit, command.OrderType);
        Assert.Equal(TimeInForce.Gtc, command.TimeInForce);
        Assert.Equal(Units(0.5m), command.Quantity);
        Assert.Equal(Units(100.25m), command.Price);
        Assert.Equal("client-1", order.Value.ClientOrderId);
        Assert.Same(BtcUsdt, order.Value.Market);
    }

    [Fact]
    public void A_market_order_by_quote_amount_spends_that_amount_and_has_no_time_in_force()
    {
        var order = Intake.PlaceOrder(Market() with { Quantity = null, QuoteQuantity = 250m });

        Assert.True(order.IsAccepted, order.ToString());
        Assert.Equal(Units(250m), order.Value.Command.QuoteQuantity);
        Assert.Equal(0, order.Value.Command.Quantity);
        Assert.Equal(TimeInForce.None, order.Value.Command.TimeInForce);
    }

    [Fact]
    public void Self_trade_prevention_defaults_to_the_markets_mode()
    {
        Assert.Equal(SelfTradePrevention.ExpireMaker, Intake.PlaceOrder(Limit()).Value!.Command.SelfTradePrevention);
        Assert.Equal(SelfTradePrevention.None,
            Intake.PlaceOrder(Limit() with { SelfTradePrevention = SelfTradePrevention.None }).Value!.Command.SelfTradePrevention);
    }

    [Fact]
    public void An_unknown_symbol_is_refused_before_anything_else() =>
        Assert.Equal(Rejection.UnknownSymbol, Intake.PlaceOrder(Limit("NOPE") with { Price = null }).Rejection);

    [Fact]
    public void A_closed_market_refuses_orders_after_their_own_checks()
    {
        Assert.Equal(new Rejection(TradingRejection.MarketClosed), Intake.PlaceOrder(Limit("HALTUSDT")).Rejection);
        Assert.Equal(Rejection.Missing(OrderField.Price), Intake.PlaceOrder(Limit("HALTUSDT") with { Price = null }).Rejection);
    }

    [Theory]
    [InlineData("100.000000001", "1", OrderField.Price)]
    [InlineData("100", "0.000000001", OrderField.Quantity)]
    public void An_amount_more_precise_than_its_asset_is_refused(string price, string quantity, OrderField field) =>
        Assert.Equal(Rejection.Of(TradingRejection.TooPrecise, field),
            Intake.PlaceOrder(Limit() with { Price = Parse(price), Quantity = Parse(quantity) }).Rejection);

    [Fact]
    public void Amounts_are_checked_in_field_order_quantity_first() =>
        Assert.Equal(Rejection.Of(TradingRejection.TooPrecise, OrderField.Quantity),
            Intake.PlaceOrder(Limit() with { Quantity = 0.000000001m, Price = 0.001m }).Rejection);

    [Theory]
    [InlineData(100.005, 1, MarketFilter.Price)]
    [InlineData(2_000_000, 1, MarketFilter.Price)]
    [InlineData(100, 0.000015, MarketFilter.LotSize)]
    [InlineData(100, 9001, MarketFilter.LotSize)]
    [InlineData(100, 0.00001, MarketFilter.Notional)]
    public void A_limit_order_off_the_markets_filters_is_refused_naming_the_filter(double price, double quantity, MarketFilter filter)
    {
        // 100.005 has three decimals: within USDT's 8, off the 0.01 tick.
        var order = Intake.PlaceOrder(Limit() with { Price = (decimal)price, Quantity = (decimal)quantity });
        Assert.Equal(Rejection.FilterFailure(filter), order.Rejection);
    }

    [Fact]
    public void A_zero_price_or_quantity_is_invalid_rather_than_a_filter_failure()
    {
        Assert.Equal(new Rejection(TradingRejection.InvalidPrice), Intake.PlaceOrder(Limit() with { Price = 0m }).Rejection);
        Assert.Equal(new Rejection(TradingRejection.InvalidQuantity), Intake.PlaceOrder(Limit() with { Quantity = 0m }).Rejection);
    }

    [Fact]
    public void Amounts_past_a_long_of_units_fail_the_filter_of_their_field()
    {
        Assert.Equal(Rejection.FilterFailure(MarketFilter.LotSize),
            Intake.PlaceOrder(Limit() with { Quantity = 99999999999999999999m }).Rejection);
        Assert.Equal(Rejection.FilterFailure(MarketFilter.Price), Intake.PlaceOrder(Limit() with { Price = 99999999999999999999m }).Rejection);
        Assert.Equal(Rejection.FilterFailure(MarketFilter.Notional),
            Intake.PlaceOrder(Market() with { Quantity = null, QuoteQuantity = 99999999999999999999m }).Rejection);
    }

    [Fact]
    public void A_market_order_by_quote_amount_below_the_minimum_notional_is_refused() =>
        Assert.Equal(Rejection.FilterFailure(MarketFilter.Notional),
            Intake.PlaceOrder(Market() with { Quantity = null, QuoteQuantity = 0.5m }).Rejection);

    [Fact]
    public void A_stop_price_off_the_tick_fails_the_price_filter() =>
        Assert.Equal(Rejection.FilterFailure(MarketFilter.Price),
            Intake.PlaceOrder(Limit() with { Type = OrderType.StopLossLimit, StopPrice = 90.005m }).Rejection);

    [Theory]
    [InlineData(0.015001)]
    [InlineData(0.05)]
    public void An_iceberg_slice_off_the_lot_or_in_too_many_parts_fails_iceberg_parts(double visible) =>
        Assert.Equal(Rejection.FilterFailure(MarketFilter.IcebergParts),
            Intake.PlaceOrder(Limit() with { IcebergQuantity = (decimal)visible }).Rejection);

    [Fact]
    public void A_sensible_iceberg_is_accepted()
    {
        var order = Intake.PlaceOrder(Limit() with { IcebergQuantity = 0.25m });
        Assert.True(order.IsAccepted, order.ToString());
        Assert.Equal(Units(0.25m), order.Value.Command.IcebergQuantity);
    }

    [Fact]
    public void Translating_leaves_the_markets_filters_and_status_to_the_core()
    {
        Assert.True(Intake.TranslateOrder(Limit() with { Price = 100.005m }).IsAccepted);
        Assert.True(Intake.TranslateOrder(Limit("HALTUSDT")).IsAccepted);
        Assert.Equal(Rejection.Of(TradingRejection.TooPrecise, OrderField.Price), Intake.TranslateOrder(Limit() with { Price = 0.000000001m }).Rejection);
    }

    private static decimal Parse(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
