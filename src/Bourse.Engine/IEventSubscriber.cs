using Bourse.Core.Events;

namespace Bourse.Engine;

/// <summary>
/// Receives every event, in order, on the engine thread after each batch is durable and applied. Must not block:
/// copy what is needed and hand it to another thread. The span is only valid during the call.
/// </summary>
public interface IEventSubscriber
{
    void OnEvents(ReadOnlySpan<Event> events);
}
