using Bourse.Core.Model;

namespace Bourse.Api.Binance;

/// <summary>
/// What Binance answers when the core refuses an order: an error, or — for a fill-or-kill that cannot fill — an
/// order with status EXPIRED, because that is what Binance does.
/// </summary>
public readonly record struct PlacementRejection
{
    private PlacementRejection(BinanceError? error, bool isExpiredOrder)
    {
        Error = error;
        IsExpiredOrder = isExpiredOrder;
    }

    /// <summary>The refusal is reported as an EXPIRED order, not an error.</summary>
    public static PlacementRejection ExpiredOrder { get; } = new(null, isExpiredOrder: true);

    /// <summary>The error to answer with; null when <see cref="IsExpiredOrder"/>.</summary>
    public BinanceError? Error { get; }

    public bool IsExpiredOrder { get; }

    public static PlacementRejection Of(BinanceError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error, isExpiredOrder: false);
    }
}

/// <summary>Maps the core's <see cref="RejectReason"/> to Binance's answer for order placement and for cancels.</summary>
public static class RejectReasons
{
    /// <summary>The answer to a refused order placement (POST /order, the new order of a cancel-replace).</summary>
    public static PlacementRejection ForPlacement(RejectReason reason) =>
        reason == RejectReason.FokNotFillable ? PlacementRejection.ExpiredOrder : PlacementRejection.Of(ForOrder(reason, cancel: false));

    /// <summary>The answer to a refused cancel (DELETE /order, DELETE /openOrders, the cancel of a cancel-replace).</summary>
    public static BinanceError ForCancel(RejectReason reason) => ForOrder(reason, cancel: true);

    /// <summary>Whether the reason has its own answer (rather than the unknown-error fallback); tests enumerate this.</summary>
    public static bool IsMapped(RejectReason reason) => reason != RejectReason.None && TryMap(reason, cancel: false, out _);

    private static BinanceError ForOrder(RejectReason reason, bool cancel) =>
        TryMap(reason, cancel, out var error) ? error : BinanceErrors.Unknown;

    private static bool TryMap(RejectReason reason, bool cancel, out BinanceError error)
    {
        BinanceError? mapped = reason switch
        {
            RejectReason.None => BinanceErrors.Unknown,
            RejectReason.UnknownMarket => BinanceErrors.InvalidSymbol,
            RejectReason.MarketNotTrading => cancel ? BinanceErrors.CancelRejected("Market is closed.") : BinanceErrors.MarketClosed,
            RejectReason.InsufficientBalance => BinanceErrors.InsufficientBalance,
            RejectReason.PriceFilter or RejectReason.InvalidStopPrice => BinanceErrors.FilterFailure("PRICE_FILTER"),
            RejectReason.LotSize => BinanceErrors.FilterFailure("LOT_SIZE"),
            // A notional too large to compute is one the NOTIONAL filter's maximum refuses.
            RejectReason.Notional or RejectReason.Overflow => BinanceErrors.FilterFailure("NOTIONAL"),
            RejectReason.TooManyOpenOrders => BinanceErrors.FilterFailure("MAX_NUM_ORDERS"),
            RejectReason.InvalidIceberg => BinanceErrors.FilterFailure("ICEBERG_PARTS"),
            RejectReason.WouldTake => BinanceErrors.WouldMatchAndTake,
            // Only reached by cancels of nothing; a placement reports FOK as an EXPIRED order instead.
            RejectReason.FokNotFillable => BinanceErrors.NewOrderRejected("Order would not be fully filled."),
            RejectReason.DuplicateClientOrderId => BinanceErrors.DuplicateOrder,
            RejectReason.UnknownOrder => BinanceErrors.UnknownOrderSent,
            RejectReason.InvalidQuantity => BinanceErrors.InvalidQuantity,
            RejectReason.InvalidPrice => BinanceErrors.InvalidPrice,
            RejectReason.WouldTriggerImmediately => BinanceErrors.WouldTriggerImmediately,
            RejectReason.InvalidTimeInForce => BinanceErrors.InvalidTimeInForce,
            RejectReason.InvalidOrderType => BinanceErrors.InvalidOrderType,
            RejectReason.InvalidSide => BinanceErrors.InvalidSide,
            RejectReason.InvalidUser => BinanceErrors.RejectedApiKey,
            RejectReason.UnknownCommand => BinanceErrors.UnsupportedOperation,
            // Binance's words for an account an operator has frozen.
            RejectReason.AccountRestricted => cancel ? BinanceErrors.CancelRejected("This action is disabled on this account.")
                : BinanceErrors.NewOrderRejected("This action is disabled on this account."),
            RejectReason.InvalidRestrictions => BinanceErrors.InvalidParameter("restrictions"),
            // Ledger and reference-data refusals: not reachable from /api/v3, named plainly for admin and wallet APIs.
            RejectReason.UnknownAsset => BinanceErrors.InvalidParameter("asset"),
            RejectReason.InvalidAmount => BinanceErrors.InvalidParameter("amount"),
            RejectReason.SelfTransfer => BinanceErrors.InvalidParameter("toUser"),
            RejectReason.DuplicateReference => BinanceErrors.InvalidParameter("reference"),
            RejectReason.MissingReference => BinanceErrors.MandatoryParameter("reference"),
            RejectReason.UnknownWithdrawal => BinanceErrors.InvalidParameter("withdrawalId"),
            RejectReason.AssetExists or RejectReason.InvalidAssetSpec => BinanceErrors.InvalidParameter("asset"),
            RejectReason.MarketExists or RejectReason.InvalidMarketSpec => BinanceErrors.InvalidParameter("symbol"),
            RejectReason.InvalidFeeRate => BinanceErrors.InvalidParameter("feeRate"),
            RejectReason.UnknownFeeTier => BinanceErrors.InvalidParameter("feeTier"),
            RejectReason.AssetSuspended => BinanceErrors.InvalidParameter("asset"),
            RejectReason.MarketDelisted => BinanceErrors.InvalidParameter("symbol"),
            // Convert and staking refusals: only the platform API reaches them, which answers with its own problems.
            RejectReason.QuoteExpired or RejectReason.WorseThanQuote or RejectReason.NoConvertRoute
                or RejectReason.InsufficientLiquidity => BinanceErrors.InvalidParameter("quoteId"),
            RejectReason.UnknownStakingProduct => BinanceErrors.InvalidParameter("asset"),
            RejectReason.BelowMinimum or RejectReason.InsufficientStake => BinanceErrors.InvalidParameter("amount"),
            RejectReason.PeriodNotEnded or RejectReason.PeriodAlreadyPaid => BinanceErrors.InvalidParameter("period"),
            RejectReason.InvalidStakingProduct => BinanceErrors.InvalidParameter("stakingProduct"),
            _ => null,
        };

        error = mapped ?? BinanceErrors.Unknown;
        return mapped is not null;
    }
}
