using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bourse.Core.Events;
using Bourse.Engine;
using Bourse.Store;

namespace Bourse.Server.History;

/// <summary>
/// Projects engine events into the history store. The engine thread only copies the events the store needs into a
/// bounded queue; a writer thread applies them in batches, each one transaction that also moves the store's
/// checkpoint. At start the engine replays every logged command after that checkpoint, so a crash at any moment
/// neither loses nor duplicates a row.
/// </summary>
/// <remarks>
/// When the writer falls behind by <see cref="QueueCapacity"/> batches the engine thread waits for room: history is
/// the record of money movements, so stalling trading while the database is unreachable is preferred to silently
/// dropping rows (which only a restart could repair). The lag gauge warns long before the queue is full.
/// </remarks>
public sealed partial class HistoryProjection : IEventSubscriber, IDisposable
{
    public const string MeterName = "Bourse.Projection";
    private const int QueueCapacity = 4_096;
    private const int MaxEventsPerTransaction = 20_000;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly IHistoryStore _store;
    private readonly ILogger<HistoryProjection> _logger;
    private readonly BlockingCollection<Batch> _queue = new(QueueCapacity);
    private readonly Thread _writer;
    private readonly Meter _meter = new(MeterName);
    private readonly long _startCheckpoint;
    private long _receivedSequence;
    private long _appliedSequence;
    private long _failures;
    private TaskCompletionSource _applied = NewSignal();

    public HistoryProjection(IHistoryStore store, ILogger<HistoryProjection> logger)
    {
        _store = store;
        _logger = logger;
        _startCheckpoint = _receivedSequence = _appliedSequence = store.ReadCheckpoint();
        LogOpened(logger, store.Provider, _startCheckpoint);
        _meter.CreateObservableGauge("lag_commands", () => Lag, "{command}",
            "Commands the engine has published that the history store has not yet committed.");
        _meter.CreateObservableCounter("write_failures", () => Volatile.Read(ref _failures), "{failure}",
            "History store transactions that failed and were retried.");
        _writer = new Thread(WriteLoop) { Name = "bourse-history", IsBackground = true };
        _writer.Start();
    }

    public IHistoryStore Store => _store;

    /// <summary>The checkpoint read at start: the engine replays every command after it.</summary>
    public long? NeedsEventsAfter => _startCheckpoint;

    /// <summary>The last command sequence handed over by the engine.</summary>
    public long ReceivedSequence => Volatile.Read(ref _receivedSequence);

    /// <summary>The last command sequence committed to the store.</summary>
    public long AppliedSequence => Volatile.Read(ref _appliedSequence);

    public long Lag => ReceivedSequence - AppliedSequence;

    public void OnEvents(ReadOnlySpan<Event> events)
    {
        if (events.IsEmpty)
        {
            return;
        }

        var kept = new List<Event>(events.Length);
        foreach (ref readonly var e in events)
        {
            if (HistoryEvents.Keeps(in e))
            {
                kept.Add(e);
            }
        }

        var last = events[^1].Sequence;
        Volatile.Write(ref _receivedSequence, last);
        _queue.Add(new Batch(kept, last));
    }

    /// <summary>
    /// Waits until everything the engine had published when called is in the store, so a client reads its own
    /// acknowledged orders (an acknowledgement is sent only after the events reached every subscriber). False if the
    /// store did not catch up within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> CaughtUpAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = ReceivedSequence;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (AppliedSequence < target)
        {
            var signal = Volatile.Read(ref _applied).Task;
            if (AppliedSequence >= target)
            {
                break;
            }

            try
            {
                await signal.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Runs a query against the store without blocking the request's thread; not <see cref="HistoryRead{T}.Succeeded"/>
    /// (and a logged error) when the database fails, so an endpoint answers "busy" instead of a 500. Cancellation (the
    /// client went away) is not a failure: it propagates.
    /// </summary>
    public async Task<HistoryRead<T>> ReadAsync<T>(Func<IHistoryStore, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return new HistoryRead<T>(true, await read(_store, cancellationToken).ConfigureAwait(false));
        }
        catch (System.Data.Common.DbException exception)
        {
            LogReadFailed(_logger, exception, _store.Provider);
            return default;
        }
    }

    /// <summary>
    /// Writes what is queued and stops the writer. <paramref name="engineSequence"/>, the engine's last sequence after
    /// it stopped, moves the checkpoint past trailing commands that had no events, so the next start can load the
    /// engine's final snapshot instead of replaying from an older one.
    /// </summary>
    public void Complete(long? engineSequence)
    {
        lock (_queue)
        {
            if (_queue.IsAddingCompleted)
            {
                return;
            }

            if (engineSequence > ReceivedSequence)
            {
                Volatile.Write(ref _receivedSequence, engineSequence.Value);
                _queue.Add(new Batch([], engineSequence.Value));
            }

            _queue.CompleteAdding();
        }

        // A database that stays unreachable must not hold the process: what is not written is replayed at the next start.
        if (!_writer.Join(StopTimeout))
        {
            LogStopTimedOut(_logger, AppliedSequence, ReceivedSequence);
        }
    }

    public void Dispose()
    {
        Complete(null);
        _meter.Dispose();
    }

    private void WriteLoop()
    {
        var events = new List<Event>();
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            events.Clear();
            events.AddRange(first.Events);
            var through = first.ThroughSequence;
            while (events.Count < MaxEventsPerTransaction && _queue.TryTake(out var next))
            {
                events.AddRange(next.Events);
                through = next.ThroughSequence;
            }

            ApplyUntilDone(events, through);
            Volatile.Write(ref _appliedSequence, through);
            Interlocked.Exchange(ref _applied, NewSignal()).TrySetResult();
        }
    }

    /// <summary>Retries a failed transaction until it commits: skipping it would leave a hole behind the checkpoint.</summary>
    private void ApplyUntilDone(List<Event> events, long through)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                _store.Apply(events, through);
                return;
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
            {
                Interlocked.Increment(ref _failures);
                LogWriteFailed(_logger, exception, _store.Provider, through, delay.TotalMilliseconds);
                Thread.Sleep(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "History store: {Provider}, checkpoint at {Checkpoint}; the engine replays what follows")]
    private static partial void LogOpened(ILogger logger, string provider, long checkpoint);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "History store writer did not finish at stop: committed through {Applied} of {Received}; the rest replays at the next start")]
    private static partial void LogStopTimedOut(ILogger logger, long applied, long received);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "History store ({Provider}) query failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string provider);

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "History store ({Provider}) write through sequence {Sequence} failed; retrying in {DelayMs} ms")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string provider, long sequence, double delayMs);

    private sealed record Batch(List<Event> Events, long ThroughSequence);
}
