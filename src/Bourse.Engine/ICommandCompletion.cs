using Bourse.Core.Commands;
using Bourse.Core.Events;

namespace Bourse.Engine;

/// <summary>
/// Told on the engine thread when a submitted command is durable and applied. Must return quickly: the next batch
/// waits. The events span is only valid during the call.
/// </summary>
public interface ICommandCompletion
{
    void Complete(in Command command, ReadOnlySpan<Event> events, long token);

    void Fail(CommandStatus status, long token);
}
