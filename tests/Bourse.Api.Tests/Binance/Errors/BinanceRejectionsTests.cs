using Bourse.Api.Binance;
using Bourse.Core.Model;
using Bourse.Trading;

namespace Bourse.Api.Tests.Binance.Errors;

/// <summary>The intake's typed rejections in Binance's words: the same codes and messages /api/v3 always sent.</summary>
public class BinanceRejectionsTests
{
    /// <summary>The reasons the core can give for an order command; the rest are other commands' and never reach orders.</summary>
    public static TheoryData<RejectReason> OrderReasons() =>
    [
        RejectReason.UnknownMarket, RejectReason.MarketNotTrading, RejectReason.InvalidUser, RejectReason.InvalidSide,
        RejectReason.InvalidOrderType, RejectReason.DuplicateClientOrderId, RejectReason.InvalidTimeInForce, RejectReason.PriceFilter,
        RejectReason.InvalidPrice, RejectReason.InvalidQuantity, RejectReason.LotSize, RejectReason.Notional, RejectReason.Overflow,
        RejectReason.InvalidIceberg, RejectReason.InvalidStopPrice, RejectReason.WouldTriggerImmediately, RejectReason.WouldTake,
        RejectReason.TooManyOpenOrders, RejectReason.InsufficientBalance, RejectReason.UnknownOrder, RejectReason.UnknownCommand,
    ];

    [Theory]
    [MemberData(nameof(OrderReasons))]
    public void A_core_rejection_reads_the_same_through_the_intakes_types(RejectReason reason)
    {
        Assert.Equal(RejectReasons.ForPlacement(reason).Error, BinanceRejections.For(CoreRejections.ForPlacement(reason)));
        Assert.Equal(RejectReasons.ForCancel(reason), BinanceRejections.For(CoreRejections.ForCancel(reason)));
    }

    [Fact]
    public void An_order_of_an_account_an_operator_froze_reads_as_binance_words_a_disabled_account()
    {
        var error = BinanceRejections.For(CoreRejections.ForPlacement(RejectReason.AccountRestricted));
        Assert.Equal(RejectReasons.ForPlacement(RejectReason.AccountRestricted).Error, error);
        Assert.Equal((-2010, "This action is disabled on this account."), (error.Code, error.Msg));
    }

    [Fact]
    public void A_fill_or_kill_that_cannot_fill_is_refused_as_a_cancel_would_be() =>
        Assert.Equal(RejectReasons.ForCancel(RejectReason.FokNotFillable), BinanceRejections.For(CoreRejections.ForCancel(RejectReason.FokNotFillable)));

    public static TheoryData<Rejection, int, string> Fields => new()
    {
        { Rejection.Missing(OrderField.Price), -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed." },
        { Rejection.Of(TradingRejection.EmptyField, OrderField.Quantity), -1105, "Parameter 'quantity' was empty." },
        { Rejection.Either(OrderField.Quantity, OrderField.QuoteQuantity), -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!" },
        { Rejection.NotAllowed(OrderField.IcebergQuantity), -1106, "Parameter 'icebergQty' sent when not required." },
        { Rejection.Of(TradingRejection.IllegalValue, OrderField.Quantity), -1100,
            "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'." },
        { Rejection.Of(TradingRejection.IllegalValue, OrderField.SelfTradePrevention), -1100,
            "Illegal characters found in parameter 'selfTradePreventionMode'; legal range is 'NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH'." },
        { new Rejection(TradingRejection.IllegalCharacters), -1100, "Illegal characters found in a parameter." },
        { Rejection.Of(TradingRejection.TooPrecise, OrderField.Price), -1111, "Precision is over the maximum defined for this asset." },
        { Rejection.FilterFailure(MarketFilter.LotSize), -1013, "Filter failure: LOT_SIZE" },
        { new Rejection(TradingRejection.StopLossNotOffered), -2010, "Stop loss orders are not supported for this symbol." },
        { new Rejection(TradingRejection.IcebergExceedsQuantity), -2010, "IcebergQty exceeds QTY." },
        { new Rejection(TradingRejection.UnsupportedCombination), -1014, "Unsupported order combination." },
        { new Rejection(TradingRejection.Busy), -1008, "Server is currently overloaded with other requests. Please try again in a few minutes." },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Rejections_name_fields_and_filters_as_binance_does(Rejection rejection, int code, string msg)
    {
        var error = BinanceRejections.For(rejection);
        Assert.Equal((code, msg), (error.Code, error.Msg));
    }
}
