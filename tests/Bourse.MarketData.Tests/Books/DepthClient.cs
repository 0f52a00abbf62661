using Bourse.MarketData.Books;

namespace Bourse.MarketData.Tests.Books;

/// <summary>
/// A depth stream client following Binance's procedure: buffer the diffs, fetch a REST snapshot, drop diffs with
/// <c>u &lt;= lastUpdateId</c>, require the first kept one to satisfy <c>U &lt;= lastUpdateId + 1 &lt;= u</c> and each
/// later one to start right after the previous.
/// </summary>
public sealed class DepthClient
{
    private readonly List<DepthUpdate> _buffered = [];
    private readonly SortedDictionary<long, long> _bids = [];
    private readonly SortedDictionary<long, long> _asks = [];
    private long _lastUpdateId;
    private bool _hasSnapshot;
    private bool _synced;

    /// <summary>Whether the first diff applied started exactly at the snapshot's id + 1 (python-binance's check).</summary>
    public bool FirstAppliedWasRightAfterSnapshot { get; private set; } = true;

    public void Receive(DepthUpdate update)
    {
        if (_hasSnapshot)
        {
            Process(update);
        }
        else
        {
            _buffered.Add(update);
        }
    }

    public void Start(DepthSnapshot snapshot)
    {
        _lastUpdateId = snapshot.LastUpdateId;
        foreach (var level in snapshot.Bids)
        {
            _bids[level.Price] = level.Quantity;
        }

        foreach (var level in snapshot.Asks)
        {
            _asks[level.Price] = level.Quantity;
        }

        _hasSnapshot = true;
        foreach (var update in _buffered)
        {
            Process(update);
        }

        _buffered.Clear();
    }

    public void AssertEquals(DepthSnapshot live)
    {
        Assert.Equal(live.LastUpdateId, _lastUpdateId);
        Assert.Equal(live.Bids.Select(l => (l.Price, l.Quantity)), _bids.Reverse().Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(live.Asks.Select(l => (l.Price, l.Quantity)), _asks.Select(kv => (kv.Key, kv.Value)));
    }

    private void Process(DepthUpdate update)
    {
        if (update.FinalUpdateId <= _lastUpdateId)
        {
            return;
        }

        if (_synced)
        {
            Assert.Equal(_lastUpdateId + 1, update.FirstUpdateId);
        }
        else
        {
            Assert.True(update.FirstUpdateId <= _lastUpdateId + 1, $"gap: snapshot {_lastUpdateId}, first diff {update.FirstUpdateId}");
            FirstAppliedWasRightAfterSnapshot = update.FirstUpdateId == _lastUpdateId + 1;
            _synced = true;
        }

        foreach (var level in update.Bids)
        {
            Set(_bids, level);
        }

        foreach (var level in update.Asks)
        {
            Set(_asks, level);
        }

        _lastUpdateId = update.FinalUpdateId;
    }

    private static void Set(SortedDictionary<long, long> levels, BookLevel level)
    {
        if (level.Quantity == 0)
        {
            levels.Remove(level.Price);
        }
        else
        {
            levels[level.Price] = level.Quantity;
        }
    }
}
