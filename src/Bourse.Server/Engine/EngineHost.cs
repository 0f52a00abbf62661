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
public sealed partial class EngineHost(IOptions<BourseOptions> options, TimeProvider time, ILogger<EngineHost> logger) : IAsyncDisposable
{
    private ExchangeEngine? _engine;

    public ExchangeEngine Engine => _engine ?? throw new InvalidOperationException("The engine has not started.");

    /// <summary>Where every command goes: the engine's submit with one reading of its outcome.</summary>
    public EngineGateway Gateway => field ??= new EngineGateway(() => Engine);

    public bool IsReady => _engine is { Fault: null };

    public void Start(IEnumerable<IEventSubscriber> subscribers)
    {
        var dataDirectory = Path.GetFullPath(options.Value.DataDirectory);
        DataDirectory.CreatePrivateDirectory(dataDirectory);
        _engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = dataDirectory }, time, subscribers);
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Engine recovered from {DataDirectory}: snapshot at {SnapshotSequence}, replayed {Replayed} commands, at {LastSequence} in {ElapsedMs} ms; log: {LogRepair}")]
    private static partial void LogRecovered(ILogger logger, string dataDirectory, long snapshotSequence, long replayed, long lastSequence, double elapsedMs, string logRepair);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Engine drained and stopped (recovered at {LastSequence})")]
    private static partial void LogStopped(ILogger logger, long lastSequence);
}
