using Bourse.Engine;
using Bourse.Server.Engine;
using Bourse.Server.History;

namespace Bourse.Server.Hosting;

/// <summary>
/// The engine's place in the server's sequence: recovery at start, feeding every event subscriber; at stop a drain and
/// snapshot, and only then the history projection's end, so it writes the rest of its queue and a checkpoint at the
/// engine's final sequence.
/// </summary>
public sealed class EngineStage(EngineHost engine, IEnumerable<IEventSubscriber> subscribers, HistoryProjection history) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        engine.Start(subscribers);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await engine.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Only a clean drain guarantees every event up to the last sequence reached the projection.
            long? last = engine.IsReady && engine.Engine.Stopped.IsCompletedSuccessfully ? engine.Engine.DurableSequence : null;
            history.Complete(last);
        }
    }
}
