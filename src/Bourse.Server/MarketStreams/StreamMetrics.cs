using Prometheus;

namespace Bourse.Server.MarketStreams;

/// <summary>Prometheus metrics of the public market streams, in the host's registry (two hosts in one process keep their own).</summary>
public sealed class StreamMetrics(CollectorRegistry registry)
{
    public Gauge OpenConnections { get; } = Metrics.WithCustomRegistry(registry).CreateGauge(
        "bourse_ws_connections", "Open market-stream WebSocket connections.");

    public Counter SlowConsumersDropped { get; } = Metrics.WithCustomRegistry(registry).CreateCounter(
        "bourse_ws_slow_consumers_dropped_total", "Market-stream connections closed because they fell too far behind.");

    public Counter MessagesQueued { get; } = Metrics.WithCustomRegistry(registry).CreateCounter(
        "bourse_ws_messages_total", "Market-stream messages queued to connections.");
}
