using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Journal;

namespace Bourse.Engine.Tests;

public class ExchangeEngineTests
{
    private static EngineOptions Options(string directory) => new() { DataDirectory = directory };

    private static async Task<ExchangeEngine> StartWithMarket(string directory, EngineOptions? options = null, IEnumerable<IEventSubscriber>? subscribers = null)
    {
        var engine = ExchangeEngine.Start(options ?? Options(directory), subscribers: subscribers);
        foreach (var command in Fixtures.Market())
        {
            Assert.Equal(CommandStatus.Applied, (await engine.SubmitAsync(command)).Status);
        }

        return engine;
    }

    [Fact]
    public async Task Submitted_command_is_stamped_logged_applied_and_answered_with_its_events()
    {
        using var directory = new TempDirectory();
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(1_763_900_000_000));
        await using var engine = ExchangeEngine.Start(Options(directory.Path), clock);

        var result = await engine.SubmitAsync(Command.CreateAsset(new AssetSpec(1, "BTC", 8)));

        Assert.Equal(CommandStatus.Applied, result.Status);
        Assert.Equal(1, result.Sequence);
        var created = Assert.Single(result.Events);
        Assert.Equal(EventType.AssetCreated, created.Type);
        Assert.Equal(1_763_900_000_000, created.Timestamp);
        Assert.Equal(1, await engine.QueryAsync(core => core.LastSequence));
    }

    [Fact]
    public async Task Timestamps_never_go_backwards_even_when_the_clock_does()
    {
        using var directory = new TempDirectory();
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(2_000));
        await using var engine = ExchangeEngine.Start(Options(directory.Path), clock);

        var first = await engine.SubmitAsync(Command.CreateAsset(new AssetSpec(1, "BTC", 8)));
        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(1_000);
        var second = await engine.SubmitAsync(Command.CreateAsset(new AssetSpec(2, "ETH", 8)));

        Assert.Equal(2_000, first.Events[0].Timestamp);
        Assert.Equal(2_000, second.Events[0].Timestamp);
    }

    [Fact]
    public async Task Timestamps_never_go_backwards_across_a_restart_with_the_clock_behind_the_log()
    {
        using var directory = new TempDirectory();
        await using (var engine = ExchangeEngine.Start(Options(directory.Path), new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(5_000))))
        {
            await engine.SubmitAsync(Command.CreateAsset(new AssetSpec(1, "BTC", 8)));
        }

        // Restarted from the snapshot (nothing to replay) and from the log alone, on a clock that went back meanwhile.
        var behind = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        await using (var restarted = ExchangeEngine.Start(Options(directory.Path), behind))
        {
            Assert.Equal(5_000, (await restarted.SubmitAsync(Command.CreateAsset(new AssetSpec(2, "ETH", 8)))).Events[0].Timestamp);
        }

        Directory.Delete(Path.Combine(directory.Path, "snapshots"), recursive: true);
        await using var fromLog = ExchangeEngine.Start(Options(directory.Path), behind);
        Assert.Equal(5_000, (await fromLog.SubmitAsync(Command.CreateAsset(new AssetSpec(3, "SOL", 8)))).Events[0].Timestamp);
    }

    [Fact]
    public async Task Query_sees_every_command_queued_before_it()
    {
        using var directory = new TempDirectory();
        await using var engine = await StartWithMarket(directory.Path);

        var submissions = Fixtures.Trading(2_000, seed: 1).Select(c => engine.SubmitAsync(c)).ToList();
        var sequence = await engine.QueryAsync(core => core.LastSequence);

        Assert.Equal(3 + 2_000, sequence);
        Assert.All(await Task.WhenAll(submissions), r => Assert.Equal(CommandStatus.Applied, r.Status));
    }

    [Fact]
    public async Task State_survives_a_restart_from_the_snapshot_and_from_the_log_alone()
    {
        using var directory = new TempDirectory();
        string hash;
        await using (var engine = await StartWithMarket(directory.Path))
        {
            await Task.WhenAll(Fixtures.Trading(3_000, seed: 2).Select(c => engine.SubmitAsync(c)));
            hash = await engine.QueryAsync(core => core.ComputeStateHash());
        }

        // A graceful stop wrote a snapshot at the last sequence: nothing to replay.
        await using (var restarted = ExchangeEngine.Start(Options(directory.Path)))
        {
            Assert.Equal(3_003, restarted.Recovery.SnapshotSequence);
            Assert.Equal(0, restarted.Recovery.ReplayedCommands);
            Assert.Equal(hash, await restarted.QueryAsync(core => core.ComputeStateHash()));
        }

        Directory.Delete(Path.Combine(directory.Path, "snapshots"), recursive: true);
        await using var fromLog = ExchangeEngine.Start(Options(directory.Path));
        Assert.Equal(3_003, fromLog.Recovery.ReplayedCommands);
        Assert.Equal(hash, await fromLog.QueryAsync(core => core.ComputeStateHash()));
    }

    [Fact]
    public async Task Recovery_loads_the_newest_snapshot_and_replays_the_log_after_it()
    {
        using var directory = new TempDirectory();
        var options = Options(directory.Path) with { SnapshotInterval = 500 };
        await using (var engine = await StartWithMarket(directory.Path, options))
        {
            await Task.WhenAll(Fixtures.Trading(1_200, seed: 3).Select(c => engine.SubmitAsync(c)));
        }

        // Commands logged after the last snapshot, as if the process died before snapshotting them.
        using (var log = FileCommandLog.Open(new FileCommandLogOptions { Directory = options.LogDirectory }))
        {
            var batch = new LogBatch();
            batch.Reset(log.LastSequence + 1);
            var sequence = log.LastSequence;
            foreach (var command in Fixtures.Trading(300, seed: 4))
            {
                var stamped = command.At(++sequence, 1_763_900_000_000);
                batch.EndRecord(CommandCodec.Write(stamped, batch.BeginRecord(CommandCodec.MaxLength(stamped))));
            }

            await log.AppendAsync(batch);
        }

        var recovered = ExchangeEngine.Start(options);
        var recoveredHash = await recovered.QueryAsync(core => core.ComputeStateHash());
        await recovered.StopAsync();

        Assert.Equal(1_203, recovered.Recovery.SnapshotSequence);
        Assert.Equal(300, recovered.Recovery.ReplayedCommands);
        Assert.Equal(1_503, recovered.Recovery.LastSequence);
        Assert.Equal(Fixtures.CleanReplayHash(directory.Path), recoveredHash);
    }

    [Fact]
    public async Task A_full_queue_answers_overloaded_instead_of_growing()
    {
        using var directory = new TempDirectory();
        var gate = new BlockingSubscriber();
        var engine = await StartWithMarket(directory.Path, Options(directory.Path) with { QueueCapacity = 8, MaxBatchSize = 1 }, [gate]);
        gate.Block();
        var blocked = engine.SubmitAsync(Command.Deposit(1, 1, 1, "first"));
        Assert.True(gate.Entered.Wait(TimeSpan.FromSeconds(10)));

        var pending = Enumerable.Range(0, 8).Select(i => engine.SubmitAsync(Command.Deposit(1, 1, 1, $"queued-{i}"))).ToList();
        var refused = await engine.SubmitAsync(Command.Deposit(1, 1, 1, "one-too-many"));

        Assert.Equal(CommandStatus.Overloaded, refused.Status);
        gate.Release();
        Assert.Equal(CommandStatus.Applied, (await blocked).Status);
        Assert.All(await Task.WhenAll(pending), r => Assert.Equal(CommandStatus.Applied, r.Status));
        await engine.StopAsync();
        Assert.Equal(CommandStatus.Stopped, (await engine.SubmitAsync(Command.Deposit(1, 1, 1, "late"))).Status);
    }

    [Fact]
    public async Task Commands_the_log_could_not_hold_exactly_are_refused_and_the_engine_carries_on()
    {
        using var directory = new TempDirectory();
        await using var engine = await StartWithMarket(directory.Path);

        var surrogate = await engine.SubmitAsync(Command.Limit(1, 1, Side.Buy, Fixtures.Unit, 1_000, clientOrderId: "a\uD800"));
        var huge = await engine.SubmitAsync(Command.Deposit(1, 1, 1, new string('x', 6_000_000)));
        var fine = await engine.SubmitAsync(Command.Deposit(1, 1, 1, "fine"));

        Assert.Equal(CommandStatus.Refused, surrogate.Status);
        Assert.Equal(CommandStatus.Refused, huge.Status);
        Assert.Equal(CommandStatus.Applied, fine.Status);
        Assert.Equal(4, fine.Sequence);
    }

    [Fact]
    public async Task A_throwing_subscriber_neither_stops_the_engine_nor_strands_callers()
    {
        using var directory = new TempDirectory();
        await using var engine = await StartWithMarket(directory.Path, subscribers: [new ThrowingSubscriber()]);

        var result = await engine.SubmitAsync(Command.Deposit(1, 1, 1, "after"));

        Assert.Equal(CommandStatus.Applied, result.Status);
        Assert.True(engine.CallbackErrors > 0);
        Assert.Null(engine.Fault);
    }

    [Fact]
    public async Task A_subscriber_that_needs_history_gets_the_events_of_every_logged_command_at_start()
    {
        using var directory = new TempDirectory();
        var live = new RecordingSubscriber();
        string hash;
        await using (var engine = await StartWithMarket(directory.Path, subscribers: [live]))
        {
            await Task.WhenAll(Fixtures.Trading(1_000, seed: 6).Select(c => engine.SubmitAsync(c)));
            hash = await engine.QueryAsync(core => core.ComputeStateHash());
        }

        // The graceful stop wrote a snapshot at the end; a view rebuilt at start still needs everything before it.
        var rebuilt = new RecordingSubscriber { After = 0 };
        var partial = new RecordingSubscriber { After = 500 };
        await using var restarted = ExchangeEngine.Start(Options(directory.Path), subscribers: [rebuilt, partial]);

        Assert.Equal(0, restarted.Recovery.SnapshotSequence);
        Assert.Equal(hash, await restarted.QueryAsync(core => core.ComputeStateHash()));
        Assert.Equal(live.Events.Select(e => (e.Sequence, e.Index)), rebuilt.Events.Select(e => (e.Sequence, e.Index)));
        Assert.Equal(live.Events.Where(e => e.Sequence > 500).Select(e => (e.Sequence, e.Index)), partial.Events.Select(e => (e.Sequence, e.Index)));
    }

    [Fact]
    public async Task Subscribers_start_from_the_recovered_core_before_any_new_command()
    {
        using var directory = new TempDirectory();
        await using (var engine = await StartWithMarket(directory.Path))
        {
            await Task.WhenAll(Fixtures.Trading(300, seed: 7).Select(c => engine.SubmitAsync(c)));
        }

        var recorder = new RecordingSubscriber();
        await using var restarted = ExchangeEngine.Start(Options(directory.Path), subscribers: [recorder]);
        await restarted.SubmitAsync(Command.Deposit(1, 1, 1, "after-restart"));

        Assert.Equal(303, recorder.InitializedAt);
        Assert.True(recorder.OpenOrdersAtStart > 0);
        Assert.All(recorder.Events, e => Assert.True(e.Sequence > 303));
    }

    [Fact]
    public async Task Subscribers_receive_every_event_in_order()
    {
        using var directory = new TempDirectory();
        var recorder = new RecordingSubscriber();
        var results = new List<CommandResult>();
        await using (var engine = await StartWithMarket(directory.Path, subscribers: [recorder]))
        {
            results.AddRange(await Task.WhenAll(Fixtures.Trading(500, seed: 5).Select(c => engine.SubmitAsync(c))));
        }

        var fromResults = results.SelectMany(r => r.Events).Select(e => (e.Sequence, e.Index)).ToList();
        var fromSubscriber = recorder.Events.Where(e => e.Sequence > 3).Select(e => (e.Sequence, e.Index)).ToList();
        Assert.Equal(fromResults, fromSubscriber);
        Assert.Contains(recorder.Events, e => e.Type == EventType.Trade);
    }

    [Fact]
    public async Task Engine_refuses_a_core_that_is_not_at_the_end_of_the_log()
    {
        using var directory = new TempDirectory();
        using var log = FileCommandLog.Open(new FileCommandLogOptions { Directory = directory.Path });
        var batch = new LogBatch();
        batch.Reset(1);
        var command = Command.CreateAsset(new AssetSpec(1, "BTC", 8)).At(1, 0);
        batch.EndRecord(CommandCodec.Write(command, batch.BeginRecord(CommandCodec.MaxLength(command))));
        await log.AppendAsync(batch);

        Assert.Throws<InvalidOperationException>(() => new ExchangeEngine(new ExchangeCore(), log, null, Options(directory.Path)));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class BlockingSubscriber : IEventSubscriber
    {
        private readonly ManualResetEventSlim _open = new(true);

        public ManualResetEventSlim Entered { get; } = new();

        public void Block() => _open.Reset();

        public void Release() => _open.Set();

        public void OnEvents(ReadOnlySpan<Event> events)
        {
            if (!_open.IsSet)
            {
                Entered.Set();
                _open.Wait();
            }
        }
    }

    private sealed class ThrowingSubscriber : IEventSubscriber
    {
        public void OnEvents(ReadOnlySpan<Event> events) => throw new InvalidOperationException("subscriber bug");
    }

    private sealed class RecordingSubscriber : IEventSubscriber
    {
        public long? After { get; init; }

        public long? NeedsEventsAfter => After;

        public long InitializedAt { get; private set; } = -1;

        public int OpenOrdersAtStart { get; private set; }

        public void Initialize(ExchangeCore core)
        {
            InitializedAt = core.LastSequence;
            OpenOrdersAtStart = core.OpenOrderCount;
        }

        public List<Event> Events { get; } = [];

        public void OnEvents(ReadOnlySpan<Event> events) => Events.AddRange(events.ToArray());
    }
}
