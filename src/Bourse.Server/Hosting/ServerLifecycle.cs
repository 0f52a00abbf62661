namespace Bourse.Server.Hosting;

/// <summary>The parts of the server that run in the background, in the order they start; they stop in the reverse.</summary>
public sealed class ServerSequence(IReadOnlyList<Type> parts)
{
    public IReadOnlyList<Type> Parts { get; } = parts;
}

/// <summary>
/// The server's one hosted service: starts the parts of <see cref="ServerSequence"/> in its order and stops them in
/// the reverse, so the order is a decision written down in the composition (<see cref="BourseServiceExtensions"/>),
/// not a side effect of the order in which features register services. A part that fails to stop does not keep the
/// others from stopping; a background part that fails stops the server, as the generic host would.
/// </summary>
public sealed partial class ServerLifecycle(
    IServiceProvider services, ServerSequence sequence, DataDirectory dataDirectory, IHostApplicationLifetime lifetime, ILogger<ServerLifecycle> logger)
    : IHostedService
{
    private readonly List<IHostedService> _started = [];
    private volatile bool _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var type in sequence.Parts)
        {
            var part = (IHostedService)services.GetRequiredService(type);
            await part.StartAsync(cancellationToken).ConfigureAwait(false);
            _started.Add(part);
            if (part is BackgroundService { ExecuteTask: { } running })
            {
                _ = WatchAsync(type, running);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        List<Exception> failures = [];
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].StopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add(e);
            }
        }

        _started.Clear();
        // Everything that wrote to the data directory has stopped: the next server may take it.
        dataDirectory.Dispose();
        if (failures.Count > 0)
        {
            throw new AggregateException("Parts of the server failed to stop.", failures);
        }
    }

    private async Task WatchAsync(Type part, Task running)
    {
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping && running.IsCanceled)
        {
            // Stopping cancels background parts; that is no failure.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPartFailed(logger, part.Name, e);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "Background part {Part} failed; stopping the server")]
    private static partial void LogPartFailed(ILogger logger, string part, Exception exception);
}
