namespace Bourse.Api.Binance;

/// <summary>
/// One parameter a <c>/api/v3</c> handler reads by hand (query string or form body) with the <see cref="ParameterReader"/>,
/// described next to that parser so the server can declare it on the endpoint for the OpenAPI document: the handlers
/// take the raw request, so nothing else tells the generator.
/// </summary>
public sealed record BinanceParameter(string Name, BinanceValueType Type, bool IsRequired, string Description)
{
    /// <summary>The only values accepted, when the parameter is an enumeration.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    public long? Default { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    public static BinanceParameter Required(string name, BinanceValueType type, string description, params string[] values) =>
        new(name, type, true, description) { Values = values };

    public static BinanceParameter Optional(string name, BinanceValueType type, string description, params string[] values) =>
        new(name, type, false, description) { Values = values };

    public static BinanceParameter Symbol { get; } = Required("symbol", BinanceValueType.String, "The market, e.g. `BTCUSDT`.");

    public static BinanceParameter OptionalSymbol { get; } = Optional("symbol", BinanceValueType.String, "One market, e.g. `BTCUSDT`.");

    public static BinanceParameter Symbols { get; } = Optional("symbols", BinanceValueType.String,
        "Several markets as a URL-encoded JSON array, e.g. `[\"BTCUSDT\",\"ETHUSDT\"]`; not together with `symbol`.");

    public static BinanceParameter StartTime { get; } = Optional("startTime", BinanceValueType.Integer, "From this time (epoch milliseconds), inclusive.");

    public static BinanceParameter EndTime { get; } = Optional("endTime", BinanceValueType.Integer, "Up to this time (epoch milliseconds), inclusive.");

    public static BinanceParameter FromId(string description) => Optional("fromId", BinanceValueType.Integer, description);

    public static BinanceParameter Limit(long defaultValue, long maximum) =>
        Optional("limit", BinanceValueType.Integer, $"How many to return (default {defaultValue}, at most {maximum}).") with
        {
            Default = defaultValue,
            Minimum = 1,
            Maximum = maximum,
        };

    /// <summary>The parameters every signed (TRADE / USER_DATA) request carries besides its own.</summary>
    public static IReadOnlyList<BinanceParameter> SignedParameters { get; } =
    [
        Required("timestamp", BinanceValueType.Integer, "The client's clock in epoch milliseconds; refused (-1021) outside `recvWindow`."),
        Optional("recvWindow", BinanceValueType.Integer, "How many milliseconds after `timestamp` the request stays valid (default 5000, at most 60000).") with
        {
            Default = 5000,
            Minimum = 1,
            Maximum = 60_000,
        },
        Required("signature", BinanceValueType.String,
            "Hex HMAC-SHA256 of the raw query string followed by the raw body (without `signature`), keyed with the API secret."),
    ];
}
