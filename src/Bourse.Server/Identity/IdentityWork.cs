using System.Threading.Channels;

namespace Bourse.Server.Identity;

/// <summary>
/// Work done after the response, so its duration is not observable: "forgot password" answers 202 at once whether or
/// not the email has an account, and the lookup and the email happen here.
/// </summary>
public sealed partial class IdentityWork(ILogger<IdentityWork> logger) : BackgroundService
{
    private readonly Channel<Func<CancellationToken, Task>> _work = Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues the work; false when the queue is full (the caller still answers the same way).</summary>
    public bool Enqueue(Func<CancellationToken, Task> work) => _work.Writer.TryWrite(work);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await work(stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One failed item must not stop the worker; it is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "Background identity work failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
