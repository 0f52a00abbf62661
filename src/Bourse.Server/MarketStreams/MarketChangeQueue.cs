using System.Collections.Concurrent;
using Bourse.MarketData;

namespace Bourse.Server.MarketStreams;

/// <summary>
/// The market-data store's listener: notes each change on the engine thread (an enqueue and, at most once per
/// wake-up, a semaphore release; it never blocks) for the stream publisher's thread to read and send.
/// </summary>
public sealed class MarketChangeQueue : IMarketDataListener
{
    private readonly ConcurrentQueue<(MarketView Market, MarketChanges Changes)> _changes = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _signalled;

    public void OnMarketChanged(MarketView market, in MarketChanges changes)
    {
        _changes.Enqueue((market, changes));
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Waits until a change is noted or <paramref name="timeout"/> passes.</summary>
    internal void Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_signal.Wait(timeout, cancellationToken))
        {
            Volatile.Write(ref _signalled, 0);
        }
    }

    internal bool TryTake(out MarketView market, out MarketChanges changes)
    {
        if (_changes.TryDequeue(out var next))
        {
            (market, changes) = next;
            return true;
        }

        market = null!;
        changes = default;
        return false;
    }
}
