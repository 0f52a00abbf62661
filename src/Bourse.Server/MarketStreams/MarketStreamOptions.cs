namespace Bourse.Server.MarketStreams;

/// <summary>Limits of the public market streams (<c>/ws</c>, <c>/stream</c>), bound from <c>Bourse:Streams</c>.</summary>
public sealed class MarketStreamOptions
{
    public const string Section = "Bourse:Streams";

    /// <summary>How often the server pings each connection (Binance: 20 s).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A connection that does not answer a ping within this long is dropped (Binance: a minute).</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Incoming messages a connection may send per second; one more closes it (Binance: 5).</summary>
    public int MaxIncomingMessagesPerSecond { get; set; } = 5;

    /// <summary>Streams one connection may follow (Binance: 1024).</summary>
    public int MaxStreamsPerConnection { get; set; } = 1024;

    /// <summary>Messages waiting to be sent to one connection; a client that falls this far behind is dropped.</summary>
    public int OutboundQueueMessages { get; set; } = 2048;

    /// <summary>How long a dropped slow client gets to take the close frame before its socket is aborted.</summary>
    public TimeSpan SlowConsumerCloseGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest control message accepted (a SUBSCRIBE naming 1024 streams fits).</summary>
    public int MaxIncomingMessageBytes { get; set; } = 64 * 1024;
}
