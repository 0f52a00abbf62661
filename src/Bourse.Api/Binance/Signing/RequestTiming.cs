namespace Bourse.Api.Binance;

/// <summary>
/// The freshness check of signed requests: a request is accepted only if <c>timestamp &lt; serverTime + 1000</c> and
/// <c>serverTime - timestamp &lt;= recvWindow</c> (default 5000 ms, at most 60000 ms); otherwise -1021.
/// </summary>
public static class RequestTiming
{
    public const long DefaultRecvWindow = 5_000;
    public const long MaxRecvWindow = 60_000;
    /// <summary>How far ahead of the server's clock a client's may run.</summary>
    public const long MaxClockAhead = 1_000;

    public static BinanceError? Check(long timestamp, long recvWindow, long serverTime)
    {
        if (timestamp >= serverTime + MaxClockAhead)
        {
            return BinanceErrors.TimestampAhead;
        }

        return serverTime - timestamp > recvWindow ? BinanceErrors.TimestampOutsideRecvWindow : null;
    }

    /// <summary>
    /// Reads <c>timestamp</c> (mandatory) and <c>recvWindow</c> from a signed request and checks them against
    /// <paramref name="serverTime"/>; the first problem is also recorded on the reader.
    /// </summary>
    public static BinanceError? Check(ParameterReader parameters, long serverTime)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var timestamp = parameters.RequiredLong("timestamp");
        var recvWindow = parameters.OptionalString("recvWindow") is { } text
            ? ParseRecvWindow(parameters, text)
            : DefaultRecvWindow;
        if (parameters.Error is { } error)
        {
            return error;
        }

        if (Check(timestamp, recvWindow, serverTime) is { } late)
        {
            parameters.Fail(late);
            return late;
        }

        return null;
    }

    private static long ParseRecvWindow(ParameterReader parameters, string text)
    {
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            parameters.Fail(BinanceErrors.IllegalCharactersIn("recvWindow", ParameterReader.IntegerLegalRange));
            return 0;
        }

        if (value > MaxRecvWindow)
        {
            parameters.Fail(BinanceErrors.BadRecvWindow);
        }

        return value;
    }
}
