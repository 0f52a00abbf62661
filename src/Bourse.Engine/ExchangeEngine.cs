using System.Diagnostics;
using System.Threading.Channels;

using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Journal;

namespace Bourse.Engine;

/// <summary>
/// The sequencer: one thread owns the core. It drains a bounded queue into batches, stamps each command with its
/// sequence and time, appends the batch to the command log (one write, one fsync), applies it, publishes the events
/// and only then completes each caller — so an acknowledged command is always durable.
/// </summary>
public sealed class ExchangeEngine : IAsyncDisposable
{
    private readonly ExchangeCore _core;
    private readonly ICommandLog _log;
    private readonly SnapshotStore? _snapshots;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<EngineRequest> _queue;
    private readonly IEventSubscriber[] _subscribers;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastTimestamp;
    private long _lastSnapshotSequence;
    private Task _snapshotWrite = Task.CompletedTask;
    private long _queued;

    public ExchangeEngine(ExchangeCore core, ICommandLog log, SnapshotStore? snapshots, EngineOptions options,
        TimeProvider? time = null, IEnumerable<IEventSubscriber>? subscribers = null, EngineRecovery? recovery = null)
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
        _lastSnapshotSequence = recovery?.SnapshotSequence ?? core.LastSequence;
        Recovery = recovery ?? new EngineRecovery(core.LastSequence, 0, core.LastSequence, TimeSpan.Zero, null);
        _queue = Channel.CreateBounded<EngineRequest>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _thread = new Thread(Run) { Name = "bourse-engine", IsBackground = true };
        _thread.Start();
    }

    public EngineRecovery Recovery { get; }

    /// <summary>Why the engine stopped by itself, if it did.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Requests waiting in the queue (approximate).</summary>
    public long QueueDepth => Volatile.Read(ref _queued);

    /// <summary>Completes when the engine thread has drained, snapshotted and stopped.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>
    /// Recovers from the data directory (newest valid snapshot, then the log after it) and starts the engine.
    /// </summary>
    public static ExchangeEngine Start(EngineOptions options, TimeProvider? time = null, IEnumerable<IEventSubscriber>? subscribers = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var snapshots = new SnapshotStore(options.SnapshotDirectory);
        var core = snapshots.TryLoadLatest(out var snapshotSequence, out var state)
            ? ExchangeCore.LoadSnapshot(state, options.Core)
            : new ExchangeCore(options.Core);
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

            var replayed = Replay(core, log);
            var recovery = new EngineRecovery(snapshotSequence, replayed, core.LastSequence, stopwatch.Elapsed, log.Recovery.ToString());
            return new ExchangeEngine(core, log, snapshots, options, time, subscribers, recovery);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Applies every logged command after the core's sequence; returns how many.</summary>
    public static long Replay(ExchangeCore core, ICommandLog log)
    {
        var events = new EventBuffer(1 << 16);
        long replayed = 0;
        using var cursor = log.ReadFrom(core.LastSequence + 1);
        while (cursor.MoveNext())
        {
            var command = CommandCodec.Read(cursor.Payload, cursor.Sequence);
            core.Apply(in command, events);
            replayed++;
            if (events.Count > 60_000)
            {
                events.Clear();
            }
        }

        return replayed;
    }

    /// <summary>Queues a command; the task completes once it is durable and applied.</summary>
    public Task<CommandResult> SubmitAsync(in Command command)
    {
        var completion = new TaskCommandCompletion();
        return Submit(in command, completion, 0) switch
        {
            CommandStatus.Applied => completion.Result,
            CommandStatus.Overloaded => Task.FromResult(CommandResult.Overloaded),
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

        if (!_queue.Writer.TryWrite(new EngineRequest(command, completion, token, null)))
        {
            return _stopped.Task.IsCompleted || _queue.Reader.Completion.IsCompleted ? CommandStatus.Stopped : CommandStatus.Overloaded;
        }

        Interlocked.Increment(ref _queued);
        return CommandStatus.Applied;
    }

    /// <summary>Reads the core's state between batches, after every command queued before it.</summary>
    public Task<T> QueryAsync<T>(Func<ExchangeCore, T> read)
    {
        var query = new EngineQuery<T>(read);
        if (!_queue.Writer.TryWrite(new EngineRequest(default, null, 0, query)))
        {
            return Task.FromException<T>(new InvalidOperationException("The engine is overloaded or stopped."));
        }

        Interlocked.Increment(ref _queued);
        return query.Result;
    }

    /// <summary>Stops taking requests, drains what is queued, writes a snapshot and closes the log.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Run()
    {
        var batch = new LogBatch();
        var events = new EventBuffer(1 << 16);
        var requests = new EngineRequest[_options.MaxBatchSize];
        var commands = new Command[_options.MaxBatchSize];
        var eventEnds = new int[_options.MaxBatchSize];
        var reader = _queue.Reader;
        var count = 0;
        try
        {
            while (true)
            {
                count = 0;
                EngineQuery? query = null;
                while (count < requests.Length && reader.TryRead(out var request))
                {
                    Interlocked.Decrement(ref _queued);
                    if (request.Query is not null)
                    {
                        // A query sees every command queued before it: answer it after this batch.
                        query = request.Query;
                        break;
                    }

                    requests[count++] = request;
                }

                if (count > 0)
                {
                    ProcessBatch(requests, commands, eventEnds, count, batch, events);
                }

                query?.Run(_core);
                if (count == 0 && query is null)
                {
                    if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }
                }

                count = 0;
            }

            WriteSnapshot(wait: true);
        }
        catch (Exception ex)
        {
            Fault = ex;
            _queue.Writer.TryComplete(ex);
            for (var i = 0; i < count; i++)
            {
                requests[i].Completion?.Fail(CommandStatus.Faulted, requests[i].Token);
            }

            while (reader.TryRead(out var request))
            {
                request.Completion?.Fail(CommandStatus.Stopped, request.Token);
                request.Query?.Fail(ex);
            }
        }
        finally
        {
            _snapshotWrite.Wait();
            _log.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void ProcessBatch(EngineRequest[] requests, Command[] commands, int[] eventEnds, int count, LogBatch batch, EventBuffer events)
    {
        var sequence = _log.LastSequence;
        var now = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds(), _lastTimestamp);
        _lastTimestamp = now;
        batch.Reset(sequence + 1);
        for (var i = 0; i < count; i++)
        {
            ref var command = ref commands[i];
            command = requests[i].Command;
            command.Sequence = ++sequence;
            command.Timestamp = now;
            var length = CommandCodec.Write(in command, batch.BeginRecord(CommandCodec.MaxLength(in command)));
            batch.EndRecord(length);
        }

        var append = _log.AppendAsync(batch);
        if (!append.IsCompletedSuccessfully)
        {
            append.AsTask().GetAwaiter().GetResult();
        }

        for (var i = 0; i < count; i++)
        {
            _core.Apply(in commands[i], events);
            eventEnds[i] = events.Count;
        }

        var all = events.Events;
        foreach (var subscriber in _subscribers)
        {
            subscriber.OnEvents(all);
        }

        var start = 0;
        for (var i = 0; i < count; i++)
        {
            requests[i].Completion?.Complete(in commands[i], all[start..eventEnds[i]], requests[i].Token);
            start = eventEnds[i];
            requests[i] = default;
            commands[i] = default;
        }

        events.Clear();
        if (_options.SnapshotInterval > 0 && _core.LastSequence - _lastSnapshotSequence >= _options.SnapshotInterval)
        {
            WriteSnapshot(wait: false);
        }
    }

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
        _snapshotWrite = Task.Run(() => _snapshots.Save(sequence, state));
        if (wait)
        {
            _snapshotWrite.Wait();
        }
    }
}
