using Bourse.Engine;
using Bourse.Trading;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Engine;

/// <summary>
/// Owns the engine for the life of the process. The server's lifecycle starts it (recovery; the server is ready only
/// after) and stops it (drain and snapshot at a graceful stop); at the latest it is disposed with the host (a start that
/// failed after it, or a host in a test's process), so the log's lock is released. It takes the event subscribers at
/// start rather than in its constructor, so the views that subscribe may themselves depend on it.
/// </summary>
public sealed partial class EngineHost(IOptions<BourseOptions> options, TimeProvider time, ILogger<EngineHost> logger) : IAsyncDisposable, IJournalObserver
{
    private ExchangeEngine? _engine;

    public ExchangeEngine Engine => _engine ?? throw new InvalidOperationException("The engine has not started.");

    /// <summary>Where every command goes: the engine's submit with one reading of its outcome.</summary>
    public EngineGateway Gateway => field ??= new EngineGateway(() => Engine);

    /// <summary>Recovered, running, and able to write its log.</summary>
    public bool IsReady => _engine is { Fault: null, Stall: null };

    /// <summary>
    /// False only once the engine has stopped by itself (a fault it cannot heal from): then only a restart helps, so
    /// liveness fails and a supervisor restarts the process. A stalled journal is alive — it heals by itself once the
    /// disk takes writes again, and a restart would not make the disk writable.
    /// </summary>
    public bool IsAlive => _engine is not { Fault: not null };

    /// <summary>Why the engine is not ready, in a sentence for the readiness probe; null when it is.</summary>
    public string? NotReadyReason => _engine switch
    {
        null => "engine not started",
        { Fault: { } fault } => $"engine stopped: {fault.InnerException?.Message ?? fault.Message}",
        { Stall: { } stall } => $"command log cannot be written since {stall.Since:O} ({stall.Attempts} attempts): {stall.LastError.Message}",
        _ => null,
    };

    public void Start(IEnumerable<IEventSubscriber> subscribers)
    {
        var dataDirectory = Path.GetFullPath(options.Value.DataDirectory);
        DataDirectory.CreatePrivateDirectory(dataDirectory);
        _engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = dataDirectory }, time, subscribers, this);
        var recovery = _engine.Recovery;
        LogRecovered(logger, dataDirectory, recovery.SnapshotSequence, recovery.ReplayedCommands, recovery.LastSequence,
            recovery.Elapsed.TotalMilliseconds, recovery.LogRepair ?? "none");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_engine is not null)
        {
            await _engine.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            LogStopped(logger, _engine.Recovery.LastSequence);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync().ConfigureAwait(false);
        }
    }

    void IJournalObserver.JournalFailed(Exception error, int attempt)
    {
        // The first failure, then about once a minute while it lasts (the pause between attempts grows to 2 s).
        if (attempt == 1 || attempt % 30 == 0)
        {
            LogJournalFailed(logger, error, attempt);
        }
    }

    void IJournalObserver.JournalResumed(int attempts, TimeSpan stalled) => LogJournalResumed(logger, attempts, stalled.TotalSeconds);

    void IJournalObserver.SnapshotFailed(long sequence, Exception error) => LogSnapshotFailed(logger, error, sequence);

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical,
        Message = "The command log cannot be written (attempt {Attempt}): trading is paused and new commands are refused until it can; retrying")]
    private static partial void LogJournalFailed(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The command log is writable again after {Attempts} failed attempts over {StalledSeconds:F1} s: trading resumed")]
    private static partial void LogJournalResumed(ILogger logger, int attempts, double stalledSeconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Snapshot at {Sequence} could not be written; the log still holds everything")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, long sequence);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Engine recovered from {DataDirectory}: snapshot at {SnapshotSequence}, replayed {Replayed} commands, at {LastSequence} in {ElapsedMs} ms; log: {LogRepair}")]
    private static partial void LogRecovered(ILogger logger, string dataDirectory, long snapshotSequence, long replayed, long lastSequence, double elapsedMs, string logRepair);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Engine drained and stopped (recovered at {LastSequence})")]
    private static partial void LogStopped(ILogger logger, long lastSequence);
}
