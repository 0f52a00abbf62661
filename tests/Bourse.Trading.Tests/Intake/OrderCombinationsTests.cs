using Bourse.Core.Model;
using static Bourse.Trading.Tests.TestMarkets;

namespace Bourse.Trading.Tests;

/// <summary>Which fields each order type takes; the first broken rule is the answer.</summary>
public class OrderCombinationsTests
{
    public static TheoryData<OrderIntent, Rejection> Refused => new()
    {
        { Limit() with { TimeInForce = null }, Rejection.Missing(OrderField.TimeInForce) },
        { Limit() with { Quantity = null }, Rejection.Missing(OrderField.Quantity) },
        { Limit() with { Price = null }, Rejection.Missing(OrderField.Price) },
        { Limit() with { QuoteQuantity = 1m }, Rejection.NotAllowed(OrderField.QuoteQuantity) },
        { Limit() with { StopPrice = 1m }, Rejection.NotAllowed(OrderField.StopPrice) },
        { Market() with { Quantity = null }, Rejection.Either(OrderField.Quantity, OrderField.QuoteQuantity) },
        { Market() with { QuoteQuantity = 1m }, Rejection.NotAllowed(OrderField.QuoteQuantity) },
        { Market() with { Price = 1m }, Rejection.NotAllowed(OrderField.Price) },
        { Market() with { TimeInForce = TimeInForce.Gtc }, Rejection.NotAllowed(OrderField.TimeInForce) },
        { Market() with { StopPrice = 1m }, Rejection.NotAllowed(OrderField.StopPrice) },
        { Market() with { IcebergQuantity = 0.1m }, Rejection.NotAllowed(OrderField.IcebergQuantity) },
        { Limit() with { Type = OrderType.StopLossLimit }, Rejection.Missing(OrderField.StopPrice) },
        { Limit() with { Type = OrderType.TakeProfitLimit, StopPrice = 90m, TimeInForce = null }, Rejection.Missing(OrderField.TimeInForce) },
        { Limit() with { Type = OrderType.LimitMaker }, Rejection.NotAllowed(OrderField.TimeInForce) },
        { Limit() with { Type = OrderType.LimitMaker, TimeInForce = null, Quantity = null }, Rejection.Missing(OrderField.Quantity) },
        { Limit() with { TimeInForce = TimeInForce.Ioc, IcebergQuantity = 0.1m }, new Rejection(TradingRejection.UnsupportedCombination) },
        { Limit() with { IcebergQuantity = 2m }, new Rejection(TradingRejection.IcebergExceedsQuantity) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void An_order_with_fields_its_type_does_not_take_or_lacks_is_refused(OrderIntent intent, Rejection expected) =>
        Assert.Equal(expected, Intake.TranslateOrder(intent).Rejection);

    [Fact]
    public void A_limit_maker_order_rests_without_a_time_in_force()
    {
        var order = Intake.PlaceOrder(Limit() with { Type = OrderType.LimitMaker, TimeInForce = null });
        Assert.True(order.IsAccepted, order.ToString());
        Assert.Equal(TimeInForce.None, order.Value.Command.TimeInForce);
    }

    [Fact]
    public void Stop_limit_orders_carry_their_stop_price()
    {
        var order = Intake.PlaceOrder(Limit() with { Type = OrderType.TakeProfitLimit, Side = Side.Sell, StopPrice = 120m });
        Assert.True(order.IsAccepted, order.ToString());
        Assert.Equal(Units(120m), order.Value.Command.StopPrice);
    }

    [Fact]
    public void Amount_failures_come_before_combination_failures() =>
        Assert.Equal(Rejection.Of(TradingRejection.TooPrecise, OrderField.Quantity),
            Intake.TranslateOrder(Limit() with { Quantity = 0.000000001m, TimeInForce = null }).Rejection);
}
