using Bourse.Core.Events;

namespace Bourse.Engine;

/// <summary>The outcome of one submitted command: its sequence and, once applied, the events it produced.</summary>
public sealed record CommandResult(CommandStatus Status, long Sequence, IReadOnlyList<Event> Events)
{
    public static CommandResult Overloaded { get; } = new(CommandStatus.Overloaded, 0, []);

    public static CommandResult Stopped { get; } = new(CommandStatus.Stopped, 0, []);

    public static CommandResult Refused { get; } = new(CommandStatus.Refused, 0, []);
}
