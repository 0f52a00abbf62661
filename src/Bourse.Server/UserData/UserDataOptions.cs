namespace Bourse.Server.UserData;

/// <summary>Settings of the user data streams (section <c>Bourse:UserData</c>); tests shorten the times.</summary>
public sealed class UserDataOptions
{
    public const string Section = "Bourse:UserData";

    /// <summary>How long a listenKey lives without a keepalive (Binance: 60 minutes).</summary>
    public TimeSpan ListenKeyValidity { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>How long a web session's listenKey lives without a keepalive (the web UI renews it every 50 s).</summary>
    public TimeSpan SessionStreamValidity { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often expired listenKeys are looked for.</summary>
    public TimeSpan ExpiryCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the server pings a connection.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A connection that leaves a ping unanswered this long is dropped.</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Frames waiting to be sent to one connection; a client that lets more pile up is disconnected.</summary>
    public int OutboundQueueCapacity { get; set; } = 1_024;

    /// <summary>How long a closing connection may take to deliver its close frame before it is cut off.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>User data subscriptions one WebSocket API connection may hold.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 16;

    /// <summary>The largest request frame the WebSocket API accepts.</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;
}
