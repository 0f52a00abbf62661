using Bourse.Engine;
using Bourse.Trading;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Hosting;

/// <summary>
/// Owns the engine for the life of the process: recovers it at start (the server is ready only after), drains and
/// snapshots it at a graceful stop, and at the latest when the host is disposed (a start that failed after it, or a
/// host in a test's process), so the log's lock is released.
/// </summary>
public sealed partial class EngineHost(
    IOptions<BourseOptions> options, IEnumerable<IEventSubscriber> subscribers, TimeProvider time, ILogger<EngineHost> logger)
    : IHostedService, IAsyncDisposable
{
    private ExchangeEngine? _engine;

    public ExchangeEngine Engine => _engine ?? throw new InvalidOperationException("The engine has not started.");

    /// <summary>Where every command goes: the engine's submit with one reading of its outcome.</summary>
    public EngineGateway Gateway => field ??= new EngineGateway(() => Engine);

    public bool IsReady => _engine is { Fault: null };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        _engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = dataDirectory }, time, subscribers);
        var recovery = _engine.Recovery;
        LogRecovered(logger, dataDirectory, recovery.SnapshotSequence, recovery.ReplayedCommands, recovery.LastSequence,
            recovery.Elapsed.TotalMilliseconds, recovery.LogRepair ?? "none");
        return Task.CompletedTask;
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
