using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bourse.Engine;

/// <summary>
/// The engine's instruments (System.Diagnostics.Metrics, so any exporter can read them; the server exposes them to
/// Prometheus). All but one are observed from counters the engine and journal threads keep anyway; the fsync-latency
/// histogram records one value per batch. Recording costs a few interlocked adds per batch and nothing per command.
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Bourse.Engine";

    private readonly Meter _meter = new(MeterName);
    private long _appendTicks;
    private long _appendCount;
    private long _commands;
    private long _appendFailures;
    private readonly Histogram<double> _appendLatency;

    public EngineMetrics(ExchangeEngine engine)
    {
        _meter.CreateObservableCounter("commands", () => Volatile.Read(ref _commands), "{command}", "Commands logged and applied.");
        _meter.CreateObservableCounter("journal_batches", () => Volatile.Read(ref _appendCount), "{batch}", "Group commits (one write and one fsync each).");
        _meter.CreateObservableCounter("journal_append_seconds", () => Volatile.Read(ref _appendTicks) / (double)Stopwatch.Frequency, "s",
            "Time spent writing and fsyncing batches; divide by journal_batches for the mean fsync latency.");
        _meter.CreateObservableGauge("queue_depth", () => engine.QueueDepth, "{request}", "Requests waiting for the engine.");
        _meter.CreateObservableGauge("last_sequence", () => engine.DurableSequence, "{command}", "Last durable log sequence.");
        _appendLatency = _meter.CreateHistogram("journal_fsync_seconds", "s", "Latency of one group commit (write and fsync).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        _meter.CreateObservableGauge("journal_stalled", () => engine.Stall is null ? 0 : 1, "{state}",
            "1 while the command log cannot be written (trading paused, retrying); alert on it.");
        _meter.CreateObservableCounter("journal_append_failures", () => Volatile.Read(ref _appendFailures), "{failure}",
            "Failed appends and repairs of the command log (each retry counts).");
        _meter.CreateObservableCounter("callback_errors", () => engine.CallbackErrors, "{error}", "Contained subscriber failures.");
    }

    /// <summary>Journal thread: a batch became durable.</summary>
    public void BatchDurable(int commands, long startTimestamp)
    {
        Interlocked.Add(ref _commands, commands);
        var elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        Interlocked.Add(ref _appendTicks, elapsed);
        _appendLatency.Record(elapsed / (double)Stopwatch.Frequency);
        Interlocked.Increment(ref _appendCount);
    }

    /// <summary>Journal thread: an append or repair failed.</summary>
    public void AppendFailed() => Interlocked.Increment(ref _appendFailures);

    public void Dispose() => _meter.Dispose();
}
