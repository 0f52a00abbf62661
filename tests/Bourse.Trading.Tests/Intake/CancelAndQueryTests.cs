using Bourse.Core.Commands;
using Bourse.Core.Model;
using static Bourse.Trading.Tests.TestMarkets;

namespace Bourse.Trading.Tests;

public class CancelAndQueryTests
{
    [Fact]
    public void A_cancel_names_the_order_by_id_or_client_id()
    {
        var byId = Intake.CancelOrder(new CancelOrderIntent(7, "BTCUSDT", new OrderTarget(42, null)));
        Assert.True(byId.IsAccepted);
        Assert.Equal(CommandType.CancelOrder, byId.Value.Command.Type);
        Assert.Equal(42, byId.Value.Command.TargetOrderId);

        var byClientId = Intake.CancelOrder(new CancelOrderIntent(7, "BTCUSDT", new OrderTarget(null, "mine")));
        Assert.Equal("mine", byClientId.Value!.Command.TargetClientOrderId);
    }

    [Fact]
    public void A_cancel_or_query_naming_no_order_is_refused()
    {
        var expected = Rejection.Either(OrderField.OrigClientOrderId, OrderField.OrderId);
        Assert.Equal(expected, Intake.CancelOrder(new CancelOrderIntent(7, "BTCUSDT", default)).Rejection);
        Assert.Equal(expected, Intake.QueryOrder(new QueryOrderIntent("BTCUSDT", default)).Rejection);
    }

    [Fact]
    public void Cancels_and_queries_in_an_unknown_market_are_refused()
    {
        Assert.Equal(Rejection.UnknownSymbol, Intake.CancelOrder(new CancelOrderIntent(7, "NOPE", new OrderTarget(1, null))).Rejection);
        Assert.Equal(Rejection.UnknownSymbol, Intake.CancelAll(new CancelAllIntent(7, "NOPE")).Rejection);
        Assert.Equal(Rejection.UnknownSymbol, Intake.QueryOrder(new QueryOrderIntent("NOPE", new OrderTarget(1, null))).Rejection);
    }

    [Fact]
    public void Cancel_all_works_in_a_closed_market_too()
    {
        var cancel = Intake.CancelAll(new CancelAllIntent(7, "HALTUSDT"));
        Assert.True(cancel.IsAccepted);
        Assert.Equal(CommandType.CancelAllOrders, cancel.Value.Command.Type);
    }

    [Fact]
    public void A_cancel_replace_needs_the_order_to_cancel_then_a_valid_new_order()
    {
        Assert.Equal(Rejection.Either(OrderField.CancelOrderId, OrderField.CancelOrigClientOrderId),
            Intake.CancelReplace(new CancelReplaceIntent(default, Limit(), AllowFailure: false)).Rejection);
        Assert.Equal(Rejection.Missing(OrderField.Price),
            Intake.CancelReplace(new CancelReplaceIntent(new OrderTarget(5, null), Limit() with { Price = null }, AllowFailure: false)).Rejection);

        var replace = Intake.CancelReplace(new CancelReplaceIntent(new OrderTarget(5, null), Limit(), AllowFailure: true));
        Assert.True(replace.IsAccepted, replace.ToString());
        Assert.Equal(CommandType.CancelReplaceOrder, replace.Value.Command.Type);
        Assert.Equal(5, replace.Value.Command.TargetOrderId);
        Assert.Equal(Units(100m), replace.Value.NewOrder.Command.Price);
    }

    [Fact]
    public void The_new_order_of_a_cancel_replace_leaves_its_filters_to_the_core_which_cancels_first() =>
        Assert.True(Intake.CancelReplace(new CancelReplaceIntent(new OrderTarget(5, null), Limit() with { Price = 100.005m }, false)).IsAccepted);

    [Fact]
    public void Core_reasons_become_typed_rejections()
    {
        Assert.Equal(Rejection.FilterFailure(MarketFilter.Notional), CoreRejections.ForPlacement(RejectReason.Overflow));
        Assert.Equal(new Rejection(TradingRejection.MarketClosed), CoreRejections.ForPlacement(RejectReason.MarketNotTrading));
        Assert.Equal(new Rejection(TradingRejection.MarketClosedForCancel), CoreRejections.ForCancel(RejectReason.MarketNotTrading));
        Assert.Equal(new Rejection(TradingRejection.UnknownOrder), CoreRejections.ForCancel(RejectReason.UnknownOrder));
    }
}
