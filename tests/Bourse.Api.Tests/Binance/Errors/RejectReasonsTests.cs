using Bourse.Api.Binance;
using Bourse.Core.Model;

namespace Bourse.Api.Tests.Binance.Errors;

public class RejectReasonsTests
{
    public static TheoryData<RejectReason> AllReasons() => [.. Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None)];

    [Theory]
    [MemberData(nameof(AllReasons))]
    public void Every_reject_reason_has_its_own_answer(RejectReason reason)
    {
        Assert.True(RejectReasons.IsMapped(reason), $"{reason} has no Binance mapping");
        var placement = RejectReasons.ForPlacement(reason);
        Assert.True(placement.IsExpiredOrder || placement.Error!.Code != BinanceErrors.UnknownCode);
        Assert.NotEqual(BinanceErrors.UnknownCode, RejectReasons.ForCancel(reason).Code);
    }

    [Theory]
    [MemberData(nameof(AllReasons))]
    public void No_reject_reason_is_answered_as_a_server_error(RejectReason reason)
    {
        var placement = RejectReasons.ForPlacement(reason);

        Assert.True(placement.IsExpiredOrder || placement.Error!.HttpStatus is 400 or 401);
        Assert.True(RejectReasons.ForCancel(reason).HttpStatus is 400 or 401);
    }

    [Theory]
    [InlineData(RejectReason.InsufficientBalance, -2010, "Account has insufficient balance for requested action.")]
    [InlineData(RejectReason.WouldTake, -2010, "Order would immediately match and take.")]
    [InlineData(RejectReason.PriceFilter, -1013, "Filter failure: PRICE_FILTER")]
    [InlineData(RejectReason.InvalidStopPrice, -1013, "Filter failure: PRICE_FILTER")]
    [InlineData(RejectReason.LotSize, -1013, "Filter failure: LOT_SIZE")]
    [InlineData(RejectReason.Notional, -1013, "Filter failure: NOTIONAL")]
    [InlineData(RejectReason.Overflow, -1013, "Filter failure: NOTIONAL")]
    [InlineData(RejectReason.TooManyOpenOrders, -1013, "Filter failure: MAX_NUM_ORDERS")]
    [InlineData(RejectReason.InvalidIceberg, -1013, "Filter failure: ICEBERG_PARTS")]
    [InlineData(RejectReason.DuplicateClientOrderId, -2010, "Duplicate order sent.")]
    [InlineData(RejectReason.WouldTriggerImmediately, -2010, "Order would trigger immediately.")]
    [InlineData(RejectReason.MarketNotTrading, -1013, "Market is closed.")]
    [InlineData(RejectReason.UnknownMarket, -1121, "Invalid symbol.")]
    [InlineData(RejectReason.InvalidQuantity, -1013, "Invalid quantity.")]
    [InlineData(RejectReason.InvalidPrice, -1013, "Invalid price.")]
    [InlineData(RejectReason.InvalidTimeInForce, -1115, "Invalid timeInForce.")]
    [InlineData(RejectReason.InvalidOrderType, -1116, "Invalid orderType.")]
    [InlineData(RejectReason.InvalidSide, -1117, "Invalid side.")]
    [InlineData(RejectReason.InvalidUser, -2015, "Invalid API-key, IP, or permissions for action.")]
    public void Order_placement_refusals_read_as_on_binance(RejectReason reason, int code, string msg)
    {
        var error = RejectReasons.ForPlacement(reason).Error;

        Assert.Equal(code, error?.Code);
        Assert.Equal(msg, error?.Msg);
    }

    [Fact]
    public void An_unfillable_fill_or_kill_is_an_expired_order_not_an_error()
    {
        var outcome = RejectReasons.ForPlacement(RejectReason.FokNotFillable);

        Assert.True(outcome.IsExpiredOrder);
        Assert.Null(outcome.Error);
    }

    [Theory]
    [InlineData(RejectReason.UnknownOrder, -2011, "Unknown order sent.")]
    [InlineData(RejectReason.MarketNotTrading, -2011, "Market is closed.")]
    [InlineData(RejectReason.UnknownMarket, -1121, "Invalid symbol.")]
    public void Cancel_refusals_read_as_on_binance(RejectReason reason, int code, string msg)
    {
        var error = RejectReasons.ForCancel(reason);

        Assert.Equal(code, error.Code);
        Assert.Equal(msg, error.Msg);
    }

    [Fact]
    public void None_is_not_a_refusal()
    {
        Assert.False(RejectReasons.IsMapped(RejectReason.None));
        Assert.Equal(BinanceErrors.UnknownCode, RejectReasons.ForCancel(RejectReason.None).Code);
    }
}
