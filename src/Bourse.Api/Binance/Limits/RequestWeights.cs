using System.Globalization;

namespace Bourse.Api.Binance;

/// <summary>
/// The request weight of each /api/v3 endpoint and WebSocket API method, as Binance counts it (some depend on the
/// parameters: depth by <c>limit</c>, tickers by how many symbols, a test order by <c>computeCommissionRates</c>),
/// and which requests count against the order limits.
/// </summary>
public static class RequestWeights
{
    /// <summary>What opening a WebSocket API connection weighs.</summary>
    public const int WebSocketConnection = 2;

    private const string Prefix = "/api/v3/";

    /// <summary>
    /// The weight of <paramref name="method"/> <paramref name="path"/> (e.g. "GET", "/api/v3/depth");
    /// <paramref name="parameter"/> gives a parameter's raw value or null. Unknown endpoints weigh 1.
    /// </summary>
    public static int Of(string method, string path, Func<string, string?> parameter)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(parameter);
        var endpoint = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..].TrimEnd('/') : path;
        return (method.ToUpperInvariant(), endpoint) switch
        {
            ("GET", "ping" or "time") => 1,
            ("GET", "exchangeInfo") => 20,
            ("GET", "depth") => DepthWeight(parameter("limit")),
            ("GET", "trades" or "historicalTrades") => 25,
            ("GET", "aggTrades") => 4,
            ("GET", "klines" or "uiKlines") => 2,
            ("GET", "avgPrice") => 2,
            ("GET", "ticker/24hr") => Ticker24hrWeight(parameter("symbol"), parameter("symbols")),
            ("GET", "ticker/price" or "ticker/bookTicker") => parameter("symbol") is null ? 4 : 2,
            ("POST", "order/test") => IsTrue(parameter("computeCommissionRates")) ? 20 : 1,
            ("POST", "order" or "order/cancelReplace") => 1,
            ("DELETE", "order" or "openOrders") => 1,
            ("GET", "order") => 4,
            ("GET", "openOrders") => parameter("symbol") is null ? 80 : 6,
            ("GET", "allOrders" or "myTrades" or "account" or "account/commission") => 20,
            ("POST" or "PUT" or "DELETE", "userDataStream") => 2,
            _ => 1,
        };
    }

    /// <summary>
    /// The weight of a WebSocket API request by its <c>method</c> (null when the frame named none or was not JSON):
    /// Binance's for the methods served, 1 for anything else, so a flood of bad frames still spends the budget.
    /// </summary>
    public static int OfWebSocketMethod(string? method) => method switch
    {
        "userDataStream.subscribe.signature" or "userDataStream.unsubscribe" => 2,
        _ => 1,
    };

    /// <summary>Whether the request places an order, counting against the ORDERS limits.</summary>
    public static bool CountsAsOrder(string method, string path) =>
        string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase)
        && path.TrimEnd('/') is "/api/v3/order" or "/api/v3/order/cancelReplace";

    private static bool IsTrue(string? flag) => string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);

    private static int DepthWeight(string? limitText)
    {
        var limit = int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 100;
        return limit switch
        {
            <= 100 => 5,
            <= 500 => 25,
            <= 1000 => 50,
            _ => 250,
        };
    }

    private static int Ticker24hrWeight(string? symbol, string? symbols)
    {
        if (symbol is not null)
        {
            return 2;
        }

        if (symbols is null)
        {
            return 80;
        }

        // symbols=["BTCUSDT","ETHUSDT"]: each symbol is two quotes.
        var count = symbols.Count(c => c == '"') / 2;
        return count switch
        {
            <= 20 => 2,
            <= 100 => 40,
            _ => 80,
        };
    }
}
