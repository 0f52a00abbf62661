namespace Bourse.Api.Binance;

/// <summary>
/// The Binance error codes and messages Bourse answers with, worded as Binance words them because clients match on
/// the text (CCXT maps "Filter failure: LOT_SIZE" to InvalidOrder and "Order would immediately match and take." to
/// OrderImmediatelyFillable).
/// </summary>
public static class BinanceErrors
{
    public const int UnknownCode = -1000;
    public const int UnauthorizedCode = -1002;
    public const int TooManyRequestsCode = -1003;
    public const int TimeoutCode = -1007;
    public const int ServerBusyCode = -1008;
    public const int InvalidMessageCode = -1013;
    public const int UnsupportedOrderCombinationCode = -1014;
    public const int TooManyOrdersCode = -1015;
    public const int UnsupportedOperationCode = -1020;
    public const int InvalidTimestampCode = -1021;
    public const int InvalidSignatureCode = -1022;
    public const int IllegalCharactersCode = -1100;
    public const int TooManyParametersCode = -1101;
    public const int MandatoryParameterCode = -1102;
    public const int UnknownParameterCode = -1103;
    public const int UnreadParametersCode = -1104;
    public const int EmptyParameterCode = -1105;
    public const int ParameterNotRequiredCode = -1106;
    public const int BadPrecisionCode = -1111;
    public const int InvalidTimeInForceCode = -1115;
    public const int InvalidOrderTypeCode = -1116;
    public const int InvalidSideCode = -1117;
    public const int InvalidIntervalCode = -1120;
    public const int InvalidSymbolCode = -1121;
    public const int InvalidListenKeyCode = -1125;
    public const int LookupIntervalTooBigCode = -1127;
    public const int InvalidCombinationCode = -1128;
    public const int InvalidParameterCode = -1130;
    public const int BadRecvWindowCode = -1131;
    public const int NewOrderRejectedCode = -2010;
    public const int CancelRejectedCode = -2011;
    public const int NoSuchOrderCode = -2013;
    public const int BadApiKeyFormatCode = -2014;
    public const int RejectedApiKeyCode = -2015;
    public const int CancelReplacePartiallyFailedCode = -2021;
    public const int CancelReplaceFailedCode = -2022;

    /// <summary>
    /// HTTP status Binance sends with a code: 401 for key problems, 429 when rate limited, 409 for a half-done
    /// cancel-replace, 503 when the server is busy, 500 for an unknown error, 400 for everything else (418 is the
    /// ban variant of -1003, built by <see cref="Banned"/>).
    /// </summary>
    public static int HttpStatusOf(int code) => code switch
    {
        UnauthorizedCode or BadApiKeyFormatCode or RejectedApiKeyCode => 401,
        TooManyRequestsCode or TooManyOrdersCode => 429,
        CancelReplacePartiallyFailedCode => 409,
        TimeoutCode or ServerBusyCode => 503,
        UnknownCode => 500,
        _ => 400,
    };

    // ---- 10xx: general ----

    public static BinanceError Unknown { get; } = new(UnknownCode, "An unknown error occurred while processing the request.");

    public static BinanceError Unauthorized { get; } = new(UnauthorizedCode, "You are not authorized to execute this request.");

    /// <summary>A valid key of an account an operator froze (Binance answers a disabled account with -1002 too).</summary>
    public static BinanceError AccountFrozen { get; } = new(UnauthorizedCode, "You are not authorized to execute this request: this account is frozen. Contact support.");

    public static BinanceError TooMuchRequestWeight(int limit, string interval, int retryAfterSeconds) =>
        new(TooManyRequestsCode, $"Too much request weight used; current limit is {limit} request weight per {interval}. Please use WebSocket Streams for live updates to avoid polling the API.")
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    /// <summary>The escalation after ignoring 429s: HTTP 418 until <paramref name="untilMs"/>.</summary>
    public static BinanceError Banned(long untilMs, int retryAfterSeconds) =>
        new(TooManyRequestsCode, $"Way too much request weight used; IP banned until {untilMs}. Please use WebSocket Streams for live updates to avoid bans.")
        {
            HttpStatus = 418,
            RetryAfterSeconds = retryAfterSeconds,
        };

    public static BinanceError Timeout { get; } = new(TimeoutCode, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.");

    public static BinanceError ServerBusy { get; } = new(ServerBusyCode, "Server is currently overloaded with other requests. Please try again in a few minutes.");

    public static BinanceError FilterFailure(string filter) => new(InvalidMessageCode, $"Filter failure: {filter}");

    public static BinanceError MarketClosed { get; } = new(InvalidMessageCode, "Market is closed.");

    public static BinanceError InvalidQuantity { get; } = new(InvalidMessageCode, "Invalid quantity.");

    public static BinanceError InvalidPrice { get; } = new(InvalidMessageCode, "Invalid price.");

    public static BinanceError UnsupportedOrderCombination { get; } = new(UnsupportedOrderCombinationCode, "Unsupported order combination.");

    public static BinanceError TooManyOrders(int limit, string interval, int retryAfterSeconds) =>
        new(TooManyOrdersCode, $"Too many new orders; current limit is {limit} orders per {interval}.")
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    public static BinanceError UnsupportedOperation { get; } = new(UnsupportedOperationCode, "This operation is not supported.");

    public static BinanceError TimestampAhead { get; } = new(InvalidTimestampCode, "Timestamp for this request was 1000ms ahead of the server's time.");

    public static BinanceError TimestampOutsideRecvWindow { get; } = new(InvalidTimestampCode, "Timestamp for this request is outside of the recvWindow.");

    public static BinanceError InvalidSignature { get; } = new(InvalidSignatureCode, "Signature for this request is not valid.");

    // ---- 11xx: request issues ----

    public static BinanceError IllegalCharacters { get; } = new(IllegalCharactersCode, "Illegal characters found in a parameter.");

    public static BinanceError IllegalCharactersIn(string parameter, string legalRange) =>
        new(IllegalCharactersCode, $"Illegal characters found in parameter '{parameter}'; legal range is '{legalRange}'.");

    public static BinanceError TooManyParameters { get; } = new(TooManyParametersCode, "Too many parameters sent for this endpoint.");

    public static BinanceError DuplicateParameter { get; } = new(TooManyParametersCode, "Duplicate values for a parameter detected.");

    public static BinanceError MandatoryParameter(string parameter) =>
        new(MandatoryParameterCode, $"Mandatory parameter '{parameter}' was not sent, was empty/null, or malformed.");

    public static BinanceError EitherParameter(string first, string second) =>
        new(MandatoryParameterCode, $"Param '{first}' or '{second}' must be sent, but both were empty/null!");

    public static BinanceError UnknownParameter { get; } = new(UnknownParameterCode, "An unknown parameter was sent.");

    public static BinanceError UnreadParameters(int read, int sent) =>
        new(UnreadParametersCode, $"Not all sent parameters were read; read '{read}' parameter(s) but was sent '{sent}'.");

    public static BinanceError EmptyParameter(string parameter) => new(EmptyParameterCode, $"Parameter '{parameter}' was empty.");

    public static BinanceError ParameterNotRequired(string parameter) =>
        new(ParameterNotRequiredCode, $"Parameter '{parameter}' sent when not required.");

    public static BinanceError BadPrecision { get; } = new(BadPrecisionCode, "Precision is over the maximum defined for this asset.");

    public static BinanceError InvalidTimeInForce { get; } = new(InvalidTimeInForceCode, "Invalid timeInForce.");

    public static BinanceError InvalidOrderType { get; } = new(InvalidOrderTypeCode, "Invalid orderType.");

    public static BinanceError InvalidSide { get; } = new(InvalidSideCode, "Invalid side.");

    public static BinanceError InvalidInterval { get; } = new(InvalidIntervalCode, "Invalid interval.");

    public static BinanceError InvalidSymbol { get; } = new(InvalidSymbolCode, "Invalid symbol.");

    public static BinanceError InvalidListenKey { get; } = new(InvalidListenKeyCode, "This listenKey does not exist.");

    public static BinanceError InvalidCombination { get; } = new(InvalidCombinationCode, "Combination of optional parameters invalid.");

    public static BinanceError LookupIntervalTooBig(int hours) =>
        new(LookupIntervalTooBigCode, $"More than {hours} hours between startTime and endTime.");

    public static BinanceError InvalidParameter(string parameter) =>
        new(InvalidParameterCode, $"Data sent for parameter '{parameter}' is not valid.");

    public static BinanceError BadRecvWindow { get; } = new(BadRecvWindowCode, "recvWindow must be less than 60000");

    // ---- 20xx: order and key issues ----

    public static BinanceError NewOrderRejected(string msg) => new(NewOrderRejectedCode, msg);

    public static BinanceError CancelRejected(string msg) => new(CancelRejectedCode, msg);

    public static BinanceError InsufficientBalance { get; } = NewOrderRejected("Account has insufficient balance for requested action.");

    public static BinanceError WouldMatchAndTake { get; } = NewOrderRejected("Order would immediately match and take.");

    public static BinanceError WouldTriggerImmediately { get; } = NewOrderRejected("Order would trigger immediately.");

    public static BinanceError StopLossNotSupported { get; } = NewOrderRejected("Stop loss orders are not supported for this symbol.");

    public static BinanceError TakeProfitNotSupported { get; } = NewOrderRejected("Take profit orders are not supported for this symbol.");

    public static BinanceError DuplicateOrder { get; } = NewOrderRejected("Duplicate order sent.");

    public static BinanceError IcebergQuantityExceedsQuantity { get; } = NewOrderRejected("IcebergQty exceeds QTY.");

    public static BinanceError UnknownOrderSent { get; } = CancelRejected("Unknown order sent.");

    public static BinanceError OrderDoesNotExist { get; } = new(NoSuchOrderCode, "Order does not exist.");

    public static BinanceError BadApiKeyFormat { get; } = new(BadApiKeyFormatCode, "API-key format invalid.");

    public static BinanceError RejectedApiKey { get; } = new(RejectedApiKeyCode, "Invalid API-key, IP, or permissions for action.");

    public static BinanceError CancelReplacePartiallyFailed(object data) =>
        new(CancelReplacePartiallyFailedCode, "Order cancel-replace partially failed.") { Data = data };

    public static BinanceError CancelReplaceFailed(object data) =>
        new(CancelReplaceFailedCode, "Order cancel-replace failed.") { Data = data };
}
