using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Engine;

namespace Bourse.Trading.Tests;

/// <summary>How the gateway reads the engine's status and the core's events.</summary>
public class SubmitOutcomeTests
{
    [Theory]
    [InlineData(CommandStatus.Overloaded, SubmitStatus.Overloaded)]
    [InlineData(CommandStatus.Stopped, SubmitStatus.Stopped)]
    [InlineData(CommandStatus.Refused, SubmitStatus.Refused)]
    [InlineData(CommandStatus.Faulted, SubmitStatus.Faulted)]
    public void A_command_the_engine_did_not_apply_has_no_events(CommandStatus status, SubmitStatus expected)
    {
        var outcome = SubmitOutcome.From(new CommandResult(status, 0, []));
        Assert.Equal(expected, outcome.Status);
        Assert.False(outcome.IsApplied);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void Overloaded_and_stopped_are_busy_the_others_are_not()
    {
        Assert.True(SubmitOutcome.From(CommandResult.Overloaded).IsBusy);
        Assert.True(SubmitOutcome.From(CommandResult.Stopped).IsBusy);
        Assert.False(SubmitOutcome.From(CommandResult.Refused).IsBusy);
    }

    [Fact]
    public void An_applied_command_without_a_rejection_is_accepted()
    {
        var outcome = SubmitOutcome.From(new CommandResult(CommandStatus.Applied, 12, [new Event { Type = EventType.OrderAccepted }]));
        Assert.Equal(SubmitStatus.Accepted, outcome.Status);
        Assert.Equal(12, outcome.Sequence);
        Assert.Equal(RejectReason.None, outcome.Reason);
        Assert.Single(outcome.Events);
    }

    [Theory]
    [InlineData(EventType.OrderRejected, RejectReason.LotSize)]
    [InlineData(EventType.CommandRejected, RejectReason.DuplicateReference)]
    public void An_applied_command_the_core_refused_is_rejected_with_the_cores_reason(EventType type, RejectReason reason)
    {
        var outcome = SubmitOutcome.From(new CommandResult(CommandStatus.Applied, 3, [new Event { Type = type, Reason = reason }]));
        Assert.Equal(SubmitStatus.Rejected, outcome.Status);
        Assert.True(outcome.IsApplied);
        Assert.Equal(reason, outcome.Reason);
    }
}
