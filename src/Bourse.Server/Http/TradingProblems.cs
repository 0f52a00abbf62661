using System.Globalization;
using Bourse.Api.Binance;
using Bourse.Trading;

namespace Bourse.Server.Http;

/// <summary>
/// The trading intake's typed rejections as RFC 7807 problems: a stable snake_case <c>code</c> and the status that
/// fits (400 bad input, 404 no such order, 409 refused by the state of the account or book, 429, 503), with
/// <c>field</c> (as the platform's JSON spells it) and <c>filter</c> taken from the rejection's data. The
/// <c>detail</c> and <c>binanceCode</c> are what /api/v3 answers for the same rejection, so both APIs explain a
/// refusal alike.
/// </summary>
public static class TradingProblems
{
    public static IResult From(HttpContext context, Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rejection);
        var (status, code) = Classify(rejection.Kind);
        var binance = BinanceRejections.For(rejection);
        var extensions = new Dictionary<string, object?> { ["binanceCode"] = binance.Code };
        if (NamesField(rejection.Kind) && rejection.Field is { } field)
        {
            extensions["field"] = FieldName(field);
        }

        if (rejection is { Kind: TradingRejection.FilterFailure, Filter: { } filter })
        {
            extensions["filter"] = BinanceRejections.FilterName(filter);
        }

        return ApiProblem.Result(status, code, Title(status), binance.Msg, extensions);
    }

    /// <summary>The engine could not take the request, or a store could not answer: 503, try again.</summary>
    public static IResult Busy(HttpContext context) => From(context, new Rejection(TradingRejection.Busy));

    /// <summary>The account's new-order limit (the rate limiter's answer): 429 with Retry-After.</summary>
    public static IResult TooManyOrders(HttpContext context, BinanceError exceeded)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exceeded);
        var seconds = exceeded.RetryAfterSeconds ?? 10;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var extensions = new Dictionary<string, object?> { ["binanceCode"] = exceeded.Code, ["retryAfterSeconds"] = seconds };
        return ApiProblem.Result(StatusCodes.Status429TooManyRequests, "too_many_orders", Title(StatusCodes.Status429TooManyRequests),
            exceeded.Msg, extensions);
    }

    /// <summary>The status and stable code of a rejection.</summary>
    public static (int Status, string Code) Classify(TradingRejection kind) => kind switch
    {
        TradingRejection.MissingField or TradingRejection.EmptyField or TradingRejection.EitherField => (400, "missing_field"),
        TradingRejection.FieldNotAllowed => (400, "field_not_allowed"),
        TradingRejection.TooPrecise => (400, "invalid_precision"),
        TradingRejection.IllegalCharacters or TradingRejection.IllegalValue or TradingRejection.Refused => (400, "invalid_field"),
        TradingRejection.InvalidTimeInForce => (400, "invalid_time_in_force"),
        TradingRejection.InvalidOrderType => (400, "invalid_order_type"),
        TradingRejection.InvalidSide => (400, "invalid_side"),
        TradingRejection.UnsupportedCombination => (400, "unsupported_order_combination"),
        TradingRejection.UnsupportedOperation => (400, "unsupported_operation"),
        TradingRejection.UnknownSymbol => (400, "unknown_symbol"),
        TradingRejection.MarketClosed => (409, "market_closed"),
        TradingRejection.FilterFailure => (400, "filter_failure"),
        TradingRejection.InvalidQuantity => (400, "invalid_quantity"),
        TradingRejection.InvalidPrice => (400, "invalid_price"),
        TradingRejection.InsufficientBalance => (409, "insufficient_balance"),
        TradingRejection.WouldTake => (409, "would_match_and_take"),
        TradingRejection.WouldTriggerImmediately => (409, "would_trigger_immediately"),
        TradingRejection.DuplicateClientOrderId => (409, "duplicate_client_order_id"),
        TradingRejection.IcebergExceedsQuantity => (400, "iceberg_exceeds_quantity"),
        TradingRejection.StopLossNotOffered or TradingRejection.TakeProfitNotOffered or TradingRejection.WouldNotFill => (409, "order_rejected"),
        TradingRejection.UnknownOrder => (404, "not_found"),
        TradingRejection.MarketClosedForCancel => (409, "cancel_rejected"),
        TradingRejection.TradingNotAllowed => (403, "trading_not_allowed"),
        TradingRejection.AccountRestricted => (403, "account_restricted"),
        TradingRejection.Busy => (503, "server_busy"),
        TradingRejection.OutcomeUnknown => (503, "outcome_unknown"),
        _ => (500, "internal_error"),
    };

    /// <summary>The JSON name of a field on the platform API (PlaceOrderRequest, or the order an endpoint names).</summary>
    public static string FieldName(OrderField field) => field switch
    {
        OrderField.QuoteQuantity => "quoteQuantity",
        OrderField.IcebergQuantity => "icebergQuantity",
        OrderField.ClientOrderId or OrderField.OrigClientOrderId => "clientOrderId",
        OrderField.SelfTradePrevention => "selfTradePrevention",
        _ => BinanceRejections.ParameterName(field),
    };

    // The kinds whose answer names the field (the others are about the order or the market as a whole).
    private static bool NamesField(TradingRejection kind) =>
        kind is TradingRejection.MissingField or TradingRejection.EmptyField or TradingRejection.EitherField or TradingRejection.FieldNotAllowed
            or TradingRejection.IllegalValue;

    private static string Title(int status) => status switch
    {
        400 => "The request is invalid.",
        404 => "Not found.",
        409 => "Conflict with the current state.",
        429 => "Too many requests.",
        503 => "Try again shortly.",
        _ => "The request failed.",
    };
}
