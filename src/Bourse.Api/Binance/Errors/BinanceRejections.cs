using Bourse.Trading;

namespace Bourse.Api.Binance;

/// <summary>
/// The trading intake's typed rejections as Binance answers them: the same codes and messages /api/v3 has always
/// sent (clients match on them), with the field named as Binance names the parameter.
/// </summary>
public static class BinanceRejections
{
    public static BinanceError For(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Kind switch
        {
            TradingRejection.UnknownSymbol => BinanceErrors.InvalidSymbol,
            TradingRejection.MarketClosed => BinanceErrors.MarketClosed,
            TradingRejection.MarketClosedForCancel => BinanceErrors.CancelRejected("Market is closed."),
            TradingRejection.MissingField => BinanceErrors.MandatoryParameter(NameOf(rejection.Field)),
            TradingRejection.EmptyField => BinanceErrors.EmptyParameter(NameOf(rejection.Field)),
            TradingRejection.EitherField => BinanceErrors.EitherParameter(NameOf(rejection.Field), NameOf(rejection.OtherField)),
            TradingRejection.FieldNotAllowed => BinanceErrors.ParameterNotRequired(NameOf(rejection.Field)),
            TradingRejection.IllegalValue when LegalRangeOf(rejection.Field) is { } range =>
                BinanceErrors.IllegalCharactersIn(NameOf(rejection.Field), range),
            TradingRejection.IllegalCharacters or TradingRejection.IllegalValue or TradingRejection.Refused => BinanceErrors.IllegalCharacters,
            TradingRejection.TooPrecise => BinanceErrors.BadPrecision,
            TradingRejection.InvalidSide => BinanceErrors.InvalidSide,
            TradingRejection.InvalidOrderType => BinanceErrors.InvalidOrderType,
            TradingRejection.InvalidTimeInForce => BinanceErrors.InvalidTimeInForce,
            TradingRejection.StopLossNotOffered => BinanceErrors.StopLossNotSupported,
            TradingRejection.TakeProfitNotOffered => BinanceErrors.TakeProfitNotSupported,
            TradingRejection.FilterFailure => BinanceErrors.FilterFailure(FilterName(rejection.Filter ?? MarketFilter.Price)),
            TradingRejection.InvalidQuantity => BinanceErrors.InvalidQuantity,
            TradingRejection.InvalidPrice => BinanceErrors.InvalidPrice,
            TradingRejection.UnsupportedCombination => BinanceErrors.UnsupportedOrderCombination,
            TradingRejection.IcebergExceedsQuantity => BinanceErrors.IcebergQuantityExceedsQuantity,
            TradingRejection.InsufficientBalance => BinanceErrors.InsufficientBalance,
            TradingRejection.WouldTake => BinanceErrors.WouldMatchAndTake,
            TradingRejection.WouldTriggerImmediately => BinanceErrors.WouldTriggerImmediately,
            TradingRejection.WouldNotFill => BinanceErrors.NewOrderRejected("Order would not be fully filled."),
            TradingRejection.DuplicateClientOrderId => BinanceErrors.DuplicateOrder,
            TradingRejection.UnknownOrder => BinanceErrors.UnknownOrderSent,
            TradingRejection.TradingNotAllowed => BinanceErrors.RejectedApiKey,
            // Binance's words for an account an operator has frozen (as RejectReasons gives them).
            TradingRejection.AccountRestricted => BinanceErrors.NewOrderRejected("This action is disabled on this account."),
            TradingRejection.UnsupportedOperation => BinanceErrors.UnsupportedOperation,
            TradingRejection.Busy => BinanceErrors.ServerBusy,
            TradingRejection.OutcomeUnknown => BinanceErrors.Timeout,
            _ => BinanceErrors.Unknown,
        };
    }

    /// <summary>Binance's name of a market filter, as in exchangeInfo and "Filter failure: …".</summary>
    public static string FilterName(MarketFilter filter) => filter switch
    {
        MarketFilter.Price => "PRICE_FILTER",
        MarketFilter.LotSize => "LOT_SIZE",
        MarketFilter.Notional => "NOTIONAL",
        MarketFilter.MaxNumOrders => "MAX_NUM_ORDERS",
        MarketFilter.IcebergParts => "ICEBERG_PARTS",
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };

    /// <summary>The /api/v3 parameter that carries <paramref name="field"/>.</summary>
    public static string ParameterName(OrderField field) => field switch
    {
        OrderField.Symbol => "symbol",
        OrderField.Side => "side",
        OrderField.Type => "type",
        OrderField.TimeInForce => "timeInForce",
        OrderField.Quantity => "quantity",
        OrderField.QuoteQuantity => "quoteOrderQty",
        OrderField.Price => "price",
        OrderField.StopPrice => "stopPrice",
        OrderField.IcebergQuantity => "icebergQty",
        OrderField.ClientOrderId => "newClientOrderId",
        OrderField.SelfTradePrevention => "selfTradePreventionMode",
        OrderField.OrderId => "orderId",
        OrderField.OrigClientOrderId => "origClientOrderId",
        OrderField.CancelOrderId => "cancelOrderId",
        OrderField.CancelOrigClientOrderId => "cancelOrigClientOrderId",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static string NameOf(OrderField? field) => field is { } f ? ParameterName(f) : "";

    /// <summary>What Binance says a field's values look like, in "Illegal characters found in parameter …".</summary>
    private static string? LegalRangeOf(OrderField? field) => field switch
    {
        OrderField.Symbol => ParameterReader.SymbolLegalRange,
        OrderField.Quantity or OrderField.QuoteQuantity or OrderField.Price or OrderField.StopPrice or OrderField.IcebergQuantity =>
            DecimalUnits.LegalRange,
        OrderField.ClientOrderId or OrderField.OrigClientOrderId or OrderField.CancelOrigClientOrderId => ClientOrderIds.LegalRange,
        OrderField.SelfTradePrevention => WireEnums.SelfTradePreventionLegalRange,
        OrderField.OrderId or OrderField.CancelOrderId => ParameterReader.IntegerLegalRange,
        _ => null,
    };
}
