using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Engine;

namespace Bourse.Trading;

/// <summary>
/// A command's outcome: its <see cref="Status"/>, its sequence and events once applied, and — when the core refused
/// it — the reason of its first rejection event. A cancel-replace may carry a rejection beside an accepted half;
/// callers that answer per half read <see cref="Events"/>.
/// </summary>
public sealed record SubmitOutcome(SubmitStatus Status, long Sequence, IReadOnlyList<Event> Events, RejectReason Reason)
{
    /// <summary>Durable and applied (accepted or rejected by the core): <see cref="Events"/> say what it did.</summary>
    public bool IsApplied => Status is SubmitStatus.Accepted or SubmitStatus.Rejected;

    /// <summary>The engine did not take the command, and nothing was logged: the caller may say "try again".</summary>
    public bool IsBusy => Status is SubmitStatus.Overloaded or SubmitStatus.Stopped;

    /// <summary>
    /// The engine stopped while the command waited for the log: it may or may not have happened. Callers answer 503
    /// and the client looks it up (by its client reference) before retrying — which an idempotent retry does anyway.
    /// </summary>
    public bool IsOutcomeUnknown => Status is SubmitStatus.Faulted;

    public static SubmitOutcome From(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            CommandStatus.Applied => Applied(result),
            CommandStatus.Overloaded => new(SubmitStatus.Overloaded, 0, [], RejectReason.None),
            CommandStatus.Stopped => new(SubmitStatus.Stopped, 0, [], RejectReason.None),
            CommandStatus.Refused => new(SubmitStatus.Refused, 0, [], RejectReason.None),
            _ => new(SubmitStatus.Faulted, result.Sequence, [], RejectReason.None),
        };
    }

    private static SubmitOutcome Applied(CommandResult result)
    {
        foreach (var e in result.Events)
        {
            if (e.Type is EventType.CommandRejected or EventType.OrderRejected)
            {
                return new(SubmitStatus.Rejected, result.Sequence, result.Events, e.Reason);
            }
        }

        return new(SubmitStatus.Accepted, result.Sequence, result.Events, RejectReason.None);
    }
}
