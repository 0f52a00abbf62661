using Bourse.Api.Binance;

namespace Bourse.Server.UserData;

/// <summary>Errors only the WebSocket API answers with (its requests are JSON, not query strings).</summary>
public static class WebSocketApiErrors
{
    public const int InvalidJsonCode = -1135;

    public static BinanceError InvalidJson { get; } = new(InvalidJsonCode, "Invalid JSON request.");

    public static BinanceError InvalidParams { get; } = new(InvalidJsonCode, "Invalid 'params' in JSON request; expected an object.");

    public static BinanceError UnknownMethod { get; } = BinanceErrors.UnsupportedOperation;

    public static BinanceError TooManySubscriptions { get; } = new(BinanceErrors.UnsupportedOperationCode, "Too many subscriptions on this connection.");

    public static BinanceError UnknownSubscription { get; } = BinanceErrors.InvalidParameter("subscriptionId");
}
