using Prometheus;

namespace Bourse.Server.Streams;

/// <summary>Prometheus metrics of the public market streams.</summary>
internal static class StreamMetrics
{
    public static readonly Gauge OpenConnections = Metrics.CreateGauge(
        "bourse_ws_connections", "Open market-stream WebSocket connections.");

    public static readonly Counter SlowConsumersDropped = Metrics.CreateCounter(
        "bourse_ws_slow_consumers_dropped_total", "Market-stream connections closed because they fell too far behind.");

    public static readonly Counter MessagesQueued = Metrics.CreateCounter(
        "bourse_ws_messages_total", "Market-stream messages queued to connections.");
}
