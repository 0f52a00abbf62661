using Bourse.Server.Http;

namespace Bourse.Server.Tests.Http;

public sealed class ExpensiveReadsTests
{
    private const string Pnl = "pnl";

    [Fact]
    public async Task A_user_runs_one_expensive_read_of_a_kind_at_a_time_and_the_server_a_bounded_number()
    {
        using var reads = new ExpensiveReads(new PlatformLimits { ExpensiveReadsPerUser = 1, ExpensiveReadsAtOnce = 2, ExpensiveReadsQueued = 0 });
        var first = await EnteredAsync(reads, 1);
        Assert.Equal(ExpensiveReads.Refusal.UserBusy, (await reads.EnterAsync(1, Pnl, CancellationToken.None)).Refusal);

        var second = await EnteredAsync(reads, 1, "statistics");
        Assert.Equal(ExpensiveReads.Refusal.ServerBusy, (await reads.EnterAsync(3, Pnl, CancellationToken.None)).Refusal);

        first.Dispose();
        var third = await EnteredAsync(reads, 3);
        Assert.Equal(ExpensiveReads.Refusal.ServerBusy, (await reads.EnterAsync(1, Pnl, CancellationToken.None)).Refusal);
        second.Dispose();
        third.Dispose();
        (await EnteredAsync(reads, 1)).Dispose();
    }

    [Fact]
    public async Task A_queued_read_gets_its_turn_when_one_finishes_and_leaves_the_queue_when_its_client_goes()
    {
        using var reads = new ExpensiveReads(new PlatformLimits { ExpensiveReadsPerUser = 1, ExpensiveReadsAtOnce = 1, ExpensiveReadsQueued = 4 });
        var running = await EnteredAsync(reads, 1);

        using var gone = new CancellationTokenSource();
        var abandoned = reads.EnterAsync(2, Pnl, gone.Token).AsTask();
        var waiting = reads.EnterAsync(3, Pnl, CancellationToken.None).AsTask();
        Assert.False(abandoned.IsCompleted);
        Assert.False(waiting.IsCompleted);
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        running.Dispose();
        var (turn, refusal) = await waiting;
        Assert.Equal(ExpensiveReads.Refusal.None, refusal);

        // The user who gave up holds nothing: a new read of theirs queues for the server's turn instead of being refused.
        var retry = reads.EnterAsync(2, Pnl, CancellationToken.None).AsTask();
        Assert.False(retry.IsCompleted);
        turn!.Dispose();
        var (retried, _) = await retry;
        Assert.NotNull(retried);
        retried.Dispose();
    }

    private static async Task<IDisposable> EnteredAsync(ExpensiveReads reads, long userId, string kind = Pnl)
    {
        var (permit, refusal) = await reads.EnterAsync(userId, kind, CancellationToken.None);
        Assert.Equal(ExpensiveReads.Refusal.None, refusal);
        return permit!;
    }
}
