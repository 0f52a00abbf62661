using Bourse.Core;

namespace Bourse.Engine;

/// <summary>A read of the core's state, run on the engine thread between batches so it never races a write.</summary>
internal abstract class EngineQuery
{
    public abstract void Run(ExchangeCore core);

    public abstract void Fail(Exception exception);
}

internal sealed class EngineQuery<T>(Func<ExchangeCore, T> read) : EngineQuery
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Result => _result.Task;

    public override void Run(ExchangeCore core)
    {
        try
        {
            _result.SetResult(read(core));
        }
        catch (Exception ex)
        {
            _result.SetException(ex);
        }
    }

    public override void Fail(Exception exception) => _result.TrySetException(exception);
}
