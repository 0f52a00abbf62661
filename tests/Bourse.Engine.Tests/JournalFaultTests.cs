using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Journal;

namespace Bourse.Engine.Tests;

/// <summary>
/// The engine when its command log fails or is slow (faults injected at the <see cref="ICommandLog"/> seam; the real
/// disk faults are in the journal's and the server's tests): a failing log stalls it — new commands refused as
/// overloaded, the stalled ones answered only once durable — and it resumes by itself when the log takes writes
/// again, with nothing lost and nothing logged twice. A slow log only makes batches bigger.
/// </summary>
public class JournalFaultTests
{
    [Fact]
    public async Task A_failing_log_stalls_the_engine_which_refuses_new_commands_and_resumes_without_losing_or_repeating_any()
    {
        using var directory = new TempDirectory();
        var observer = new RecordingObserver();
        using var log = new FaultyLog(directory.Sub("log"));
        var engine = new ExchangeEngine(new ExchangeCore(), log, null, new EngineOptions { DataDirectory = directory.Path }, observer: observer);
        foreach (var command in Fixtures.Market())
        {
            Assert.Equal(CommandStatus.Applied, (await engine.SubmitAsync(command)).Status);
        }

        log.Failing = true;
        var stalled = engine.SubmitAsync(Command.Deposit(1, 1, Fixtures.Unit, "during-the-fault"));
        await Eventually.UntilAsync(() => engine.Stall is not null, () => "the engine sees the failing log");

        var refused = await engine.SubmitAsync(Command.Deposit(1, 1, Fixtures.Unit, "refused"));
        Assert.Equal(CommandStatus.Overloaded, refused.Status);
        Assert.False(stalled.IsCompleted);
        Assert.IsType<IOException>(engine.Stall!.LastError);
        Assert.Null(engine.Fault);
        await Eventually.UntilAsync(() => log.FailedAttempts >= 3, () => "the engine retries");

        log.Failing = false;
        var durable = await stalled;
        Assert.Equal(CommandStatus.Applied, durable.Status);
        Assert.Null(engine.Stall);
        Assert.Equal(CommandStatus.Applied, (await engine.SubmitAsync(Command.Deposit(1, 1, Fixtures.Unit, "after"))).Status);
        var hash = await engine.QueryAsync(core => core.ComputeStateHash());
        await engine.StopAsync();

        Assert.Contains(observer.Failures, f => f is IOException);
        Assert.Equal(1, observer.Resumptions);
        Assert.Equal(5, log.LastSequence);
        Assert.Equal(hash, Fixtures.CleanReplayHash(directory.Path));
    }

    [Fact]
    public async Task Stopping_during_a_stall_gives_up_the_stalled_commands_as_unknown_and_recovery_keeps_only_what_was_durable()
    {
        using var directory = new TempDirectory();
        string durableHash;
        using (var log = new FaultyLog(directory.Sub("log")))
        {
            var engine = new ExchangeEngine(new ExchangeCore(), log, null, new EngineOptions { DataDirectory = directory.Path });
            foreach (var command in Fixtures.Market())
            {
                await engine.SubmitAsync(command);
            }

            durableHash = await engine.QueryAsync(core => core.ComputeStateHash());
            log.Failing = true;
            var stalled = engine.SubmitAsync(Command.Deposit(1, 1, Fixtures.Unit, "never-durable"));
            await Eventually.UntilAsync(() => engine.Stall is not null, () => "the engine sees the failing log");

            await engine.StopAsync();

            Assert.Equal(CommandStatus.Faulted, (await stalled).Status);
            Assert.NotNull(engine.Fault);
        }

        Assert.Equal(durableHash, Fixtures.CleanReplayHash(directory.Path));
    }

    [Fact]
    public async Task A_slow_log_makes_batches_bigger_and_loses_nothing()
    {
        using var directory = new TempDirectory();
        using var log = new FaultyLog(directory.Sub("log"));
        var engine = new ExchangeEngine(new ExchangeCore(), log, null, new EngineOptions { DataDirectory = directory.Path });
        foreach (var command in Fixtures.Market())
        {
            await engine.SubmitAsync(command);
        }

        // The fsync under way takes until every command has arrived: the slowest a log can be, without a clock.
        log.Hold();
        var submitted = Fixtures.Trading(3_000, seed: 11).Select(c => engine.SubmitAsync(c)).ToList();
        await Eventually.UntilAsync(() => engine.QueueDepth == 0, () => "the engine took every command");
        log.Release();
        var results = await Task.WhenAll(submitted);
        var hash = await engine.QueryAsync(core => core.ComputeStateHash());
        var batches = engine.BatchesWritten;
        await engine.StopAsync();

        Assert.All(results, r => Assert.Equal(CommandStatus.Applied, r.Status));
        Assert.True(batches < 3_003 / 10, $"{batches} batches for 3,003 commands: a slow fsync should be shared by many");
        Assert.Equal(hash, Fixtures.CleanReplayHash(directory.Path));
    }

    [Fact]
    public void The_pause_between_attempts_doubles_from_50_ms_to_at_most_2_s()
    {
        int[] expected = [50, 100, 200, 400, 800, 1_600, 2_000, 2_000];
        Assert.Equal(expected, Enumerable.Range(1, expected.Length).Select(a => (int)ExchangeEngine.RetryPause(a).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(2), ExchangeEngine.RetryPause(1_000_000));
    }

    /// <summary>A real file log whose appends (and repairs) fail while <see cref="Failing"/>, and wait while held.</summary>
    private sealed class FaultyLog(string directory) : ICommandLog
    {
        private readonly FileCommandLog _inner = FileCommandLog.Open(new FileCommandLogOptions { Directory = directory });
        private readonly ManualResetEventSlim _released = new(initialState: true);
        private int _failedAttempts;

        public volatile bool Failing;

        /// <summary>Appends wait, as the journal thread does in a slow fsync, until <see cref="Release"/>.</summary>
        public void Hold() => _released.Reset();

        public void Release() => _released.Set();

        public int FailedAttempts => Volatile.Read(ref _failedAttempts);

        public long LastSequence => _inner.LastSequence;

        public ValueTask AppendAsync(LogBatch batch, CancellationToken cancellationToken = default)
        {
            // The journal thread blocks in a slow fsync the same way.
            _released.Wait();

            if (Failing)
            {
                Interlocked.Increment(ref _failedAttempts);
                return ValueTask.FromException(new IOException("No space left on device (injected)"));
            }

            return _inner.AppendAsync(batch, cancellationToken);
        }

        public void Repair()
        {
            if (Failing)
            {
                Interlocked.Increment(ref _failedAttempts);
                throw new IOException("No space left on device (injected)");
            }

            _inner.Repair();
        }

        public LogCursor ReadFrom(long fromSequence) => _inner.ReadFrom(fromSequence);

        public void Dispose()
        {
            _inner.Dispose();
            _released.Dispose();
        }
    }

    private sealed class RecordingObserver : IJournalObserver
    {
        private readonly List<Exception> _failures = [];
        private int _resumptions;

        public IReadOnlyList<Exception> Failures
        {
            get
            {
                lock (_failures)
                {
                    return [.. _failures];
                }
            }
        }

        public int Resumptions => Volatile.Read(ref _resumptions);

        public void JournalFailed(Exception error, int attempt)
        {
            lock (_failures)
            {
                _failures.Add(error);
            }
        }

        public void JournalResumed(int attempts, TimeSpan stalled) => Interlocked.Increment(ref _resumptions);

        public void SnapshotFailed(long sequence, Exception error)
        {
        }
    }
}
