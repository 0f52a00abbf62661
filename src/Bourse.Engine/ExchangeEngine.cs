using System.Collections.Concurrent;
using System.Diagnostics;

using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Journal;

namespace Bourse.Engine;

/// <summary>
/// The sequencer: one thread owns the core. It drains a bounded queue into batches, stamps each command with its
/// sequence and time, and hands the batch to the journal thread (one write, one fsync) while it applies it. Events are
/// published and callers answered only once the batch is durable — so an acknowledged command is always in the log.
/// </summary>
public sealed class ExchangeEngine : IAsyncDisposable
{
    private readonly ExchangeCore _core;
    private readonly ICommandLog _log;
    private readonly SnapshotStore? _snapshots;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly RequestRing<EngineRequest> _queue;
    private readonly IEventSubscriber[] _subscribers;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastTimestamp;
    private long _lastSnapshotSequence;
    private Task _snapshotWrite = Task.CompletedTask;

    // Batches applied but not yet durable: one being written and fsynced while the next fills up.
    private const int PipelineDepth = 2;
    private readonly BlockingCollection<BatchSlot> _journalQueue = new(PipelineDepth);
    private readonly SemaphoreSlim _journalProgress = new(0);
    private long _appliedSequence;
    private long _durableSequence;
    private long _batchesWritten;
    private long _callbackErrors;
    private readonly EngineMetrics _metrics;
    private volatile Exception? _journalFault;
    private readonly IJournalObserver? _observer;
    // Never disposed: StopAsync may run after the engine stopped by itself, and the source holds no timer or handle.
    private readonly CancellationTokenSource _stopping = new();
    private volatile JournalStall? _stall;

    public ExchangeEngine(ExchangeCore core, ICommandLog log, SnapshotStore? snapshots, EngineOptions options,
        TimeProvider? time = null, IEnumerable<IEventSubscriber>? subscribers = null, EngineRecovery? recovery = null,
        IJournalObserver? observer = null)
    {
        if (log.LastSequence != core.LastSequence)
        {
            throw new InvalidOperationException($"The core is at {core.LastSequence} but the log ends at {log.LastSequence}: recover first.");
        }

        _core = core;
        _log = log;
        _snapshots = snapshots;
        _options = options;
        _time = time ?? TimeProvider.System;
        _subscribers = subscribers?.ToArray() ?? [];
        _observer = observer;
        _lastSnapshotSequence = recovery?.SnapshotSequence ?? core.LastSequence;
        _appliedSequence = _durableSequence = core.LastSequence;
        _lastTimestamp = LastLoggedTimestamp(log);
        Recovery = recovery ?? new EngineRecovery(core.LastSequence, 0, core.LastSequence, TimeSpan.Zero, null);
        _queue = new RequestRing<EngineRequest>(options.QueueCapacity);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Initialize(core);
        }

        _metrics = new EngineMetrics(this);

        _thread = new Thread(Run) { Name = "bourse-engine", IsBackground = true };
        _thread.Start();
    }

    public EngineRecovery Recovery { get; }

    /// <summary>Why the last snapshot could not be written, if it could not; cleared by the next success.</summary>
    public Exception? LastSnapshotError { get; private set; }

    /// <summary>Exceptions thrown by subscribers or completion callbacks; each is contained, never fatal.</summary>
    public long CallbackErrors => Volatile.Read(ref _callbackErrors);

    /// <summary>While the command log cannot be written: since when, how often it was tried, and the last error.</summary>
    public JournalStall? Stall
    {
        get => _stall;
        private set => _stall = value;
    }

    /// <summary>Why the engine stopped by itself, if it did.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Batches the journal has made durable: commands / batches is the group-commit size.</summary>
    public long BatchesWritten => Volatile.Read(ref _batchesWritten);

    /// <summary>The last sequence the log has made durable.</summary>
    public long DurableSequence => Volatile.Read(ref _durableSequence);

    /// <summary>Requests waiting in the queue (approximate).</summary>
    public long QueueDepth => _queue.Count;

    /// <summary>Completes when the engine thread has drained, snapshotted and stopped.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>
    /// Recovers from the data directory (newest valid snapshot, then the log after it) and starts the engine.
    /// </summary>
    public static ExchangeEngine Start(EngineOptions options, TimeProvider? time = null, IEnumerable<IEventSubscriber>? subscribers = null,
        IJournalObserver? observer = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var subscriberList = subscribers?.ToArray() ?? [];
        var history = subscriberList.Select(s => s.NeedsEventsAfter).Where(n => n is not null).Min();
        var snapshots = new SnapshotStore(options.SnapshotDirectory);
        var core = snapshots.TryLoadLatest(out var snapshotSequence, out var state) && (history is null || snapshotSequence <= history)
            ? ExchangeCore.LoadSnapshot(state, options.Core)
            : new ExchangeCore(options.Core);
        if (core.LastSequence == 0)
        {
            // Subscribers need history older than the newest snapshot: rebuild from the start of the log.
            snapshotSequence = 0;
        }
        var log = FileCommandLog.Open(new FileCommandLogOptions
        {
            Directory = options.LogDirectory,
            Fsync = options.Fsync,
            SegmentBytes = options.SegmentBytes,
        });
        try
        {
            if (log.LastSequence < core.LastSequence)
            {
                throw new InvalidOperationException(
                    $"The snapshot is at {core.LastSequence} but the log ends at {log.LastSequence}: the log lost acknowledged commands.");
            }

            var replayed = Replay(core, log, subscriberList);
            var recovery = new EngineRecovery(snapshotSequence, replayed, core.LastSequence, stopwatch.Elapsed, log.Recovery.ToString());
            return new ExchangeEngine(core, log, snapshots, options, time, subscriberList, recovery, observer);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies every logged command after the core's sequence, handing each subscriber the events it asked for
    /// (<see cref="IEventSubscriber.NeedsEventsAfter"/>); returns how many commands were applied.
    /// </summary>
    public static long Replay(ExchangeCore core, ICommandLog log, IReadOnlyList<IEventSubscriber>? subscribers = null)
    {
        var events = new EventBuffer(1 << 16);
        var wanting = (subscribers ?? []).Where(s => s.NeedsEventsAfter is not null).ToArray();
        long replayed = 0;
        using var cursor = log.ReadFrom(core.LastSequence + 1);
        while (cursor.MoveNext())
        {
            var command = CommandCodec.Read(cursor.Payload, cursor.Sequence);
            core.Apply(in command, events);
            replayed++;
            if (events.Count > 60_000)
            {
                Publish(wanting, events);
            }
        }

        Publish(wanting, events);
        return replayed;
    }

    /// <summary>Hands each subscriber the buffered events after its own starting point, then clears the buffer.</summary>
    private static void Publish(IEventSubscriber[] subscribers, EventBuffer events)
    {
        var all = events.Events;
        foreach (var subscriber in subscribers)
        {
            var after = subscriber.NeedsEventsAfter!.Value;
            var start = 0;
            while (start < all.Length && all[start].Sequence <= after)
            {
                start++;
            }

            if (start < all.Length)
            {
                subscriber.OnEvents(all[start..]);
            }
        }

        events.Clear();
    }

    /// <summary>
    /// The timestamp of the last logged command. Stamps continue from it, so they never go back across a restart, even
    /// when the wall clock went back while the server was down (it does not read a clock: a snapshot holds none).
    /// </summary>
    private static long LastLoggedTimestamp(ICommandLog log)
    {
        if (log.LastSequence == 0)
        {
            return 0;
        }

        using var cursor = log.ReadFrom(log.LastSequence);
        return cursor.MoveNext() ? CommandCodec.Read(cursor.Payload, cursor.Sequence).Timestamp : 0;
    }

    /// <summary>Queues a command; the task completes once it is durable and applied.</summary>
    public Task<CommandResult> SubmitAsync(in Command command)
    {
        var completion = new TaskCommandCompletion();
        return Submit(in command, completion, 0) switch
        {
            CommandStatus.Applied => completion.Result,
            CommandStatus.Overloaded => Task.FromResult(CommandResult.Overloaded),
            CommandStatus.Refused => Task.FromResult(CommandResult.Refused),
            _ => Task.FromResult(CommandResult.Stopped),
        };
    }

    /// <summary>
    /// Queues a command with a callback instead of a task (no allocation). Returns <see cref="CommandStatus.Applied"/>
    /// when queued, or why it was not.
    /// </summary>
    public CommandStatus Submit(in Command command, ICommandCompletion completion, long token)
    {
        if (Fault is not null)
        {
            return CommandStatus.Stopped;
        }

        // While the log cannot be written nothing new is taken: callers hear "busy" now rather than wait for the disk.
        if (_stall is not null)
        {
            return CommandStatus.Overloaded;
        }

        // A command the log cannot hold exactly must never reach the core: replay would not reproduce it.
        if (!CommandCodec.CanEncode(in command))
        {
            return CommandStatus.Refused;
        }

        if (!_queue.TryWrite(new EngineRequest(command, completion, token, null)))
        {
            return _queue.IsCompleted ? CommandStatus.Stopped : CommandStatus.Overloaded;
        }

        return CommandStatus.Applied;
    }

    /// <summary>Reads the core's state between batches, after every command queued before it.</summary>
    public Task<T> QueryAsync<T>(Func<ExchangeCore, T> read)
    {
        var query = new EngineQuery<T>(read);
        if (!_queue.TryWrite(new EngineRequest(default, null, 0, query)))
        {
            return Task.FromException<T>(new InvalidOperationException("The engine is overloaded or stopped."));
        }

        return query.Result;
    }

    /// <summary>Stops taking requests, drains what is queued, writes a snapshot and closes the log.</summary>
    public async Task StopAsync()
    {
        _queue.Complete();
        // A journal stalled on a failing disk would retry for ever: at a stop it gives up instead, and the next start's
        // recovery finds what is durable. (Only a stall waits on this token.)
        await _stopping.CancelAsync().ConfigureAwait(false);

        await _stopped.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Run()
    {
        var free = new Queue<BatchSlot>();
        for (var i = 0; i < PipelineDepth; i++)
        {
            free.Enqueue(new BatchSlot(_options.MaxBatchSize));
        }

        var inFlight = new Queue<BatchSlot>();
        var reader = _queue;
        EngineQuery? query = null;
        var journal = new Thread(WriteJournal) { Name = "bourse-journal", IsBackground = true };
        journal.Start();
        try
        {
            while (true)
            {
                CompleteDurable(inFlight, free);
                if (free.Count == 0)
                {
                    WaitForJournal();
                    continue;
                }

                // The open batch: commands are applied as they arrive and sealed into the log when the journal is
                // free (or the batch is full), so batches grow exactly as long as an fsync takes — group commit.
                var open = free.Peek();
                if (query is null && !SnapshotDue)
                {
                    var read = 0;
                    var now = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds(), _lastTimestamp);
                    _lastTimestamp = now;
                    while (open.Count < open.Requests.Length && reader.TryRead(out var request))
                    {
                        if (request.Query is not null)
                        {
                            // A query sees every command queued before it, once those are durable.
                            query = request.Query;
                            break;
                        }

                        Stage(open, in request, now);
                        read++;
                    }

                    if (read == 0 && query is null && open.Count == 0 && inFlight.Count == 0)
                    {
                        // Idle: everything is durable, so this is the moment for a due snapshot.
                        if (SnapshotDue)
                        {
                            WriteSnapshot(wait: false);
                        }

                        if (!reader.WaitToRead())
                        {
                            break;
                        }

                        continue;
                    }
                }

                var mustSeal = query is not null || SnapshotDue || open.Count == open.Requests.Length;
                if (open.Count > 0 && (inFlight.Count == 0 || mustSeal))
                {
                    free.Dequeue();
                    Seal(open);
                    inFlight.Enqueue(open);
                    continue;
                }

                if (query is not null && open.Count == 0 && inFlight.Count == 0)
                {
                    query.Run(_core);
                    query = null;
                    continue;
                }

                if (SnapshotDue && open.Count == 0 && inFlight.Count == 0)
                {
                    // Reading paused until now so that the pipeline could drain: a snapshot holds only durable state.
                    WriteSnapshot(wait: false);
                    continue;
                }

                if (inFlight.Count > 0)
                {
                    WaitForJournal();
                }
            }

            WriteSnapshot(wait: true);
        }
        catch (Exception ex)
        {
            Fault = ex;
            _queue.Complete();
            foreach (var slot in inFlight.Concat(free))
            {
                for (var i = 0; i < slot.Count; i++)
                {
                    slot.Requests[i].Completion?.Fail(CommandStatus.Faulted, slot.Requests[i].Token);
                }
            }

            query?.Fail(ex);
            while (reader.TryRead(out var request))
            {
                request.Completion?.Fail(CommandStatus.Stopped, request.Token);
                request.Query?.Fail(ex);
            }
        }
        finally
        {
            _journalQueue.CompleteAdding();
            journal.Join();
            _snapshotWrite.Wait();
            _log.Dispose();
            _metrics.Dispose();
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Stamps a command with the next sequence, applies it and encodes it into the open batch. Applying before the
    /// batch is durable is safe: the core is deterministic and nothing escapes the engine until the log has it.
    /// </summary>
    private void Stage(BatchSlot slot, in EngineRequest request, long now)
    {
        if (slot.Count == 0)
        {
            slot.Log.Reset(_appliedSequence + 1);
        }

        var i = slot.Count++;
        slot.Requests[i] = request;
        ref var command = ref slot.Commands[i];
        command = request.Command;
        command.Sequence = ++_appliedSequence;
        command.Timestamp = now;
        slot.Log.EndRecord(CommandCodec.Write(in command, slot.Log.BeginRecord(CommandCodec.MaxLength(in command))));
        _core.Apply(in command, slot.Events);
        slot.EventEnds[i] = slot.Events.Count;
    }

    /// <summary>Closes the open batch and hands it to the journal thread: one write and one fsync.</summary>
    private void Seal(BatchSlot slot)
    {
        slot.LastSequence = _appliedSequence;
        _journalQueue.Add(slot);
    }

    /// <summary>Publishes and answers every in-flight batch the log has made durable, oldest first.</summary>
    private void CompleteDurable(Queue<BatchSlot> inFlight, Queue<BatchSlot> free)
    {
        if (_journalFault is { } fault)
        {
            throw new IOException("The command log failed; the engine stopped.", fault);
        }

        var durable = Volatile.Read(ref _durableSequence);
        while (inFlight.Count > 0 && inFlight.Peek().LastSequence <= durable)
        {
            var slot = inFlight.Dequeue();
            var events = slot.Events.Events;
            foreach (var subscriber in _subscribers)
            {
                try
                {
                    subscriber.OnEvents(events);
                }
                catch (Exception)
                {
                    // A subscriber's bug must not stop trading nor keep other callers waiting.
                    Interlocked.Increment(ref _callbackErrors);
                }
            }

            var start = 0;
            for (var i = 0; i < slot.Count; i++)
            {
                ref readonly var request = ref slot.Requests[i];
                try
                {
                    request.Completion?.Complete(in slot.Commands[i], events[start..slot.EventEnds[i]], request.Token);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref _callbackErrors);
                }

                start = slot.EventEnds[i];
            }

            slot.Clear();
            free.Enqueue(slot);
        }
    }

    private void WaitForJournal() => _journalProgress.Wait();

    /// <summary>
    /// The journal thread: appends batches in order, one write and one fsync each. An append that fails (a full disk,
    /// a read-only remount, an I/O error) stalls the engine rather than stopping it: the batch — already applied to the
    /// core, and not yet answered — is retried, after a repair of the log, with a growing pause, until it is durable;
    /// meanwhile new commands are refused as overloaded and readiness says why. Only a stop during a stall gives up, and
    /// then the stalled batches' callers hear that the outcome is unknown (nothing of theirs was acknowledged).
    /// </summary>
    private void WriteJournal()
    {
        try
        {
            foreach (var slot in _journalQueue.GetConsumingEnumerable())
            {
                var started = Stopwatch.GetTimestamp();
                AppendUntilDurable(slot);
                Volatile.Write(ref _durableSequence, slot.LastSequence);
                Interlocked.Increment(ref _batchesWritten);
                _metrics.BatchDurable(slot.Count, started);
                _journalProgress.Release();
            }
        }
        catch (Exception ex)
        {
            _journalFault = ex;
            _journalProgress.Release();
        }
    }

    private void AppendUntilDurable(BatchSlot slot)
    {
        var attempts = 0;
        var since = 0L;
        while (true)
        {
            try
            {
                if (attempts > 0)
                {
                    _log.Repair();
                }

                var append = _log.AppendAsync(slot.Log);
                if (!append.IsCompletedSuccessfully)
                {
                    append.AsTask().GetAwaiter().GetResult();
                }

                if (attempts > 0)
                {
                    Stall = null;
                    _observer?.JournalResumed(attempts, Stopwatch.GetElapsedTime(since));
                }

                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (attempts++ == 0)
                {
                    since = Stopwatch.GetTimestamp();
                }

                Stall = new JournalStall(Stall?.Since ?? _time.GetUtcNow(), attempts, ex);
                _metrics.AppendFailed();
                _observer?.JournalFailed(ex, attempts);
                if (_stopping.Token.WaitHandle.WaitOne(RetryPause(attempts)))
                {
                    throw new IOException("The engine stopped while the command log could not be written.", ex);
                }
            }
        }
    }

    /// <summary>50 ms, doubling to at most 2 s: quick to heal after a short fault, cheap while a long one lasts.</summary>
    internal static TimeSpan RetryPause(int attempts) => TimeSpan.FromMilliseconds(Math.Min(2_000, 50 * (1 << Math.Min(attempts - 1, 6))));

    private bool SnapshotDue =>
        _snapshots is not null && _options.SnapshotInterval > 0
        && _core.LastSequence - _lastSnapshotSequence >= _options.SnapshotInterval && _snapshotWrite.IsCompleted;

    /// <summary>Serializes the core on the engine thread (it must not change meanwhile) and writes the file off it.</summary>
    private void WriteSnapshot(bool wait)
    {
        if (_snapshots is null || _core.LastSequence == _lastSnapshotSequence || (!wait && !_snapshotWrite.IsCompleted))
        {
            return;
        }

        _snapshotWrite.Wait();
        var sequence = _core.LastSequence;
        var state = _core.SaveSnapshot();
        _lastSnapshotSequence = sequence;
        _snapshotWrite = Task.Run(() => SaveSnapshot(sequence, state));
        if (wait)
        {
            _snapshotWrite.Wait();
        }
    }

    /// <summary>Snapshots only shorten recovery: a failed write is reported, never fatal (the log has everything).</summary>
    private void SaveSnapshot(long sequence, byte[] state)
    {
        try
        {
            _snapshots!.Save(sequence, state);
            LastSnapshotError = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastSnapshotError = ex;
            _observer?.SnapshotFailed(sequence, ex);
        }
    }
}
