using System.Text.RegularExpressions;
using Bourse.Api.Binance;

namespace Bourse.Server.Platform;

/// <summary>
/// The platform API validates and translates orders exactly as /api/v3 does (through <see cref="OrderRequests"/>), so
/// its refusals start as Binance errors. This turns one into a problem: a stable snake_case <c>code</c>, the status
/// that fits (400 bad input, 404 no such order, 409 refused by the state of the account or book, 429, 503), the
/// Binance message as <c>detail</c>, and <c>binanceCode</c> plus (when the error names one) <c>field</c> as the
/// platform API spells it.
/// </summary>
public static partial class TradingProblems
{
    // Binance parameter names → the JSON names of PlaceOrderRequest.
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["quoteOrderQty"] = "quoteQuantity",
        ["icebergQty"] = "icebergQuantity",
        ["newClientOrderId"] = "clientOrderId",
        ["origClientOrderId"] = "clientOrderId",
        ["selfTradePreventionMode"] = "selfTradePrevention",
    };

    public static IResult From(HttpContext context, BinanceError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var (status, code) = Classify(error);
        var extensions = new Dictionary<string, object?> { ["binanceCode"] = error.Code };
        if (FieldOf(error.Msg) is { } field)
        {
            extensions["field"] = field;
        }

        if (error.Msg.StartsWith("Filter failure: ", StringComparison.Ordinal))
        {
            extensions["filter"] = error.Msg["Filter failure: ".Length..];
        }

        if (status == StatusCodes.Status429TooManyRequests)
        {
            var seconds = error.RetryAfterSeconds ?? 10;
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            extensions["retryAfterSeconds"] = seconds;
        }

        return ApiProblem.Result(status, code, Title(status), error.Msg, extensions);
    }

    /// <summary>The status and stable code of a Binance error; the code depends on the error, never on its wording alone.</summary>
    public static (int Status, string Code) Classify(BinanceError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            BinanceErrors.MandatoryParameterCode or BinanceErrors.EmptyParameterCode => (400, "missing_field"),
            BinanceErrors.ParameterNotRequiredCode => (400, "field_not_allowed"),
            BinanceErrors.BadPrecisionCode => (400, "invalid_precision"),
            BinanceErrors.IllegalCharactersCode or BinanceErrors.InvalidParameterCode or BinanceErrors.TooManyParametersCode
                or BinanceErrors.UnknownParameterCode or BinanceErrors.UnreadParametersCode => (400, "invalid_field"),
            BinanceErrors.InvalidTimeInForceCode => (400, "invalid_time_in_force"),
            BinanceErrors.InvalidOrderTypeCode => (400, "invalid_order_type"),
            BinanceErrors.InvalidSideCode => (400, "invalid_side"),
            BinanceErrors.UnsupportedOrderCombinationCode or BinanceErrors.InvalidCombinationCode => (400, "unsupported_order_combination"),
            BinanceErrors.UnsupportedOperationCode => (400, "unsupported_operation"),
            BinanceErrors.InvalidSymbolCode => (400, "unknown_symbol"),
            BinanceErrors.InvalidMessageCode when error == BinanceErrors.MarketClosed => (409, "market_closed"),
            BinanceErrors.InvalidMessageCode when error.Msg.StartsWith("Filter failure: ", StringComparison.Ordinal) => (400, "filter_failure"),
            BinanceErrors.InvalidMessageCode when error.Msg == "Invalid quantity." => (400, "invalid_quantity"),
            BinanceErrors.InvalidMessageCode when error.Msg == "Invalid price." => (400, "invalid_price"),
            BinanceErrors.InvalidMessageCode => (400, "invalid_order"),
            BinanceErrors.NewOrderRejectedCode when error == BinanceErrors.InsufficientBalance => (409, "insufficient_balance"),
            BinanceErrors.NewOrderRejectedCode when error == BinanceErrors.WouldMatchAndTake => (409, "would_match_and_take"),
            BinanceErrors.NewOrderRejectedCode when error == BinanceErrors.WouldTriggerImmediately => (409, "would_trigger_immediately"),
            BinanceErrors.NewOrderRejectedCode when error == BinanceErrors.DuplicateOrder => (409, "duplicate_client_order_id"),
            BinanceErrors.NewOrderRejectedCode when error == BinanceErrors.IcebergQuantityExceedsQuantity => (400, "iceberg_exceeds_quantity"),
            BinanceErrors.NewOrderRejectedCode => (409, "order_rejected"),
            BinanceErrors.CancelRejectedCode when error == BinanceErrors.UnknownOrderSent => (404, "not_found"),
            BinanceErrors.CancelRejectedCode => (409, "cancel_rejected"),
            BinanceErrors.NoSuchOrderCode => (404, "not_found"),
            BinanceErrors.TooManyOrdersCode or BinanceErrors.TooManyRequestsCode => (429, "too_many_orders"),
            BinanceErrors.RejectedApiKeyCode or BinanceErrors.UnauthorizedCode => (403, "trading_not_allowed"),
            BinanceErrors.ServerBusyCode or BinanceErrors.TimeoutCode => (503, "server_busy"),
            _ => (500, "internal_error"),
        };
    }

    private static string? FieldOf(string message)
    {
        var match = QuotedName().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups[1].Value;
        return FieldNames.GetValueOrDefault(name, name);
    }

    private static string Title(int status) => status switch
    {
        400 => "The request is invalid.",
        404 => "Not found.",
        409 => "Conflict with the current state.",
        429 => "Too many requests.",
        503 => "Try again shortly.",
        _ => "The request failed.",
    };

    // Binance names the parameter in quotes: "Mandatory parameter 'price' was not sent…", "Illegal characters found in parameter 'quantity'…".
    [GeneratedRegex("'([A-Za-z]+)'")]
    private static partial Regex QuotedName();
}
