using Bourse.Core.Commands;
using Bourse.Core.Events;

namespace Bourse.Engine;

/// <summary>Turns the engine's completion callback into a task for one awaiting caller.</summary>
internal sealed class TaskCommandCompletion : ICommandCompletion
{
    private readonly TaskCompletionSource<CommandResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<CommandResult> Result => _result.Task;

    public void Complete(in Command command, ReadOnlySpan<Event> events, long token) =>
        _result.SetResult(new CommandResult(CommandStatus.Applied, command.Sequence, events.ToArray()));

    public void Fail(CommandStatus status, long token) =>
        _result.TrySetResult(status == CommandStatus.Stopped ? CommandResult.Stopped : new CommandResult(status, 0, []));
}
