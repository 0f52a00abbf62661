using Bourse.Server.Hosting;

namespace Bourse.Server.History;

/// <summary>
/// Registered before the engine host, so it stops after the engine has drained: the projection then writes the rest
/// of its queue and a checkpoint at the engine's final sequence.
/// </summary>
public sealed class HistoryShutdown(HistoryProjection projection, EngineHost engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Only a clean drain guarantees every event up to the last sequence reached the projection.
        long? last = engine.IsReady && engine.Engine.Stopped.IsCompletedSuccessfully ? engine.Engine.DurableSequence : null;
        projection.Complete(last);
        return Task.CompletedTask;
    }
}
