using Bourse.Core.Commands;

namespace Bourse.Engine;

/// <summary>One entry of the engine's queue: a command to log and apply, or a query to answer between batches.</summary>
internal readonly struct EngineRequest(Command command, ICommandCompletion? completion, long token, EngineQuery? query)
{
    public readonly Command Command = command;
    public readonly ICommandCompletion? Completion = completion;
    public readonly long Token = token;
    public readonly EngineQuery? Query = query;
}
