namespace Bourse.Server.OpenApi;

/// <summary>
/// What each tag (<c>.WithTags</c>) groups, shown as its section text in /docs. A new tag gets a line here; until it
/// does, <see cref="BourseDocumentTransformer"/> describes it by the paths it covers.
/// </summary>
public static class OpenApiTagDescriptions
{
    /// <summary>The tag of an /api/v1 operation mapped without <c>.WithTags</c>.</summary>
    public const string Platform = "Platform";

    /// <summary>The tag of an /api/v3 operation mapped without <c>.WithTags</c>.</summary>
    public const string Binance = "Binance";

    public static IReadOnlyDictionary<string, string> Known { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Platform] = "Bourse's own platform API (`/api/v1`): JWT bearer authentication, RFC 7807 problem details on errors.",
        [Binance] = "The Binance-compatible API (`/api/v3`).",
        ["Binance general"] = "Binance-compatible connectivity and server time (`/api/v3`).",
        ["Binance market data"] = "Binance-compatible public market data: trading rules, books, trades, candlesticks, tickers (`/api/v3`).",
        ["Binance trading"] = "Binance-compatible signed trading and account endpoints (`/api/v3`, TRADE and USER_DATA).",
        ["Binance user data"] = "Binance-compatible listenKey management for the user data stream (`/api/v3`, USER_STREAM).",
    };
}
