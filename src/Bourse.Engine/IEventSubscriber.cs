using Bourse.Core;
using Bourse.Core.Events;

namespace Bourse.Engine;

/// <summary>
/// Receives every event, in order, on the engine thread after each batch is durable and applied. Must not block:
/// copy what is needed and hand it to another thread. The span is only valid during the call.
/// </summary>
public interface IEventSubscriber
{
    /// <summary>
    /// The sequence after which this subscriber needs the events of logged commands when the engine starts: 0 for
    /// the whole history (an in-memory view rebuilt at every start), a checkpoint for a persistent projection, or
    /// null for live events only. Recovery replays from a snapshot old enough (or from the start of the log) and
    /// publishes those events before any new command.
    /// </summary>
    long? NeedsEventsAfter => null;

    /// <summary>
    /// Called once on the engine thread after recovery and before any new command, with the recovered core: a view
    /// that can start from current state (balances, open orders, books) reads it here instead of asking for history.
    /// The core must not be kept or read after the call returns.
    /// </summary>
    void Initialize(ExchangeCore core)
    {
    }

    void OnEvents(ReadOnlySpan<Event> events);
}
