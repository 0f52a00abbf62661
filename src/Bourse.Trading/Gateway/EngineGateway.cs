using Bourse.Core.Commands;
using Bourse.Engine;

namespace Bourse.Trading;

/// <summary>
/// The one door to the engine for commands: submits and turns the engine's status and the core's events into a
/// <see cref="SubmitOutcome"/>, so no caller maps <see cref="CommandStatus"/> or hunts for rejection events itself.
/// </summary>
public sealed class EngineGateway
{
    private readonly Func<ExchangeEngine> _engine;

    /// <summary>Over the engine <paramref name="engine"/> returns when asked (it may start after the gateway is built).</summary>
    public EngineGateway(Func<ExchangeEngine> engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    public EngineGateway(ExchangeEngine engine)
        : this(() => engine) => ArgumentNullException.ThrowIfNull(engine);

    /// <summary>Queues <paramref name="command"/>; completes once it is durable and applied, or at once when the engine did not take it.</summary>
    public async Task<SubmitOutcome> SubmitAsync(Command command) =>
        SubmitOutcome.From(await _engine().SubmitAsync(in command).ConfigureAwait(false));
}
