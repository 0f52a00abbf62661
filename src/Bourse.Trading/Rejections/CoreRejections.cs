using Bourse.Core.Model;

namespace Bourse.Trading;

/// <summary>The core's reasons for refusing an order command, as trading rejections.</summary>
public static class CoreRejections
{
    /// <summary>A refused placement (an order, or the new order of a cancel-replace).</summary>
    public static Rejection ForPlacement(RejectReason reason) => For(reason, cancel: false);

    /// <summary>A refused cancel (one order, all of a market's, or the cancel of a cancel-replace).</summary>
    public static Rejection ForCancel(RejectReason reason) => For(reason, cancel: true);

    private static Rejection For(RejectReason reason, bool cancel) => reason switch
    {
        RejectReason.UnknownMarket => Rejection.UnknownSymbol,
        RejectReason.MarketNotTrading => new(cancel ? TradingRejection.MarketClosedForCancel : TradingRejection.MarketClosed),
        RejectReason.InsufficientBalance => new(TradingRejection.InsufficientBalance),
        RejectReason.PriceFilter or RejectReason.InvalidStopPrice => Rejection.FilterFailure(MarketFilter.Price),
        RejectReason.LotSize => Rejection.FilterFailure(MarketFilter.LotSize),
        // A notional too large to compute is one the NOTIONAL filter's maximum refuses.
        RejectReason.Notional or RejectReason.Overflow => Rejection.FilterFailure(MarketFilter.Notional),
        RejectReason.TooManyOpenOrders => Rejection.FilterFailure(MarketFilter.MaxNumOrders),
        RejectReason.InvalidIceberg => Rejection.FilterFailure(MarketFilter.IcebergParts),
        RejectReason.WouldTake => new(TradingRejection.WouldTake),
        RejectReason.FokNotFillable => new(TradingRejection.WouldNotFill),
        RejectReason.DuplicateClientOrderId => new(TradingRejection.DuplicateClientOrderId),
        RejectReason.UnknownOrder => new(TradingRejection.UnknownOrder),
        RejectReason.InvalidQuantity => new(TradingRejection.InvalidQuantity),
        RejectReason.InvalidPrice => new(TradingRejection.InvalidPrice),
        RejectReason.WouldTriggerImmediately => new(TradingRejection.WouldTriggerImmediately),
        RejectReason.InvalidTimeInForce => new(TradingRejection.InvalidTimeInForce),
        RejectReason.InvalidOrderType => new(TradingRejection.InvalidOrderType),
        RejectReason.InvalidSide => new(TradingRejection.InvalidSide),
        RejectReason.InvalidUser => new(TradingRejection.TradingNotAllowed),
        RejectReason.AccountRestricted => new(TradingRejection.AccountRestricted),
        RejectReason.UnknownCommand => new(TradingRejection.UnsupportedOperation),
        // Ledger, reference-data, convert and staking reasons: no order command reaches them.
        _ => new(TradingRejection.Unknown),
    };
}
