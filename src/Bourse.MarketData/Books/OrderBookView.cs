using Bourse.Core.Model;

namespace Bourse.MarketData.Books;

/// <summary>
/// A market's book as depth consumers see it, built from <c>BookLevelChanged</c> events: displayed quantity per
/// price, the last book update id, a bounded log of recent level changes (the per-command diff feed) and, for each
/// depth stream cadence that is being drained, the diff accumulated since the last drain. Guarded by the market's lock.
/// </summary>
internal sealed class OrderBookView(int changesKept)
{
    /// <summary>Snapshot cuts waiting for a drain; past this, a snapshot no longer splits the pending diff.</summary>
    private const int MaxSealedSegments = 16;
    private const int CadenceCount = 2;

    private readonly Ring<LevelChange> _changes = new(changesKept);
    private readonly DepthSegment?[] _open = new DepthSegment?[CadenceCount];
    private readonly List<DepthSegment>?[] _sealed = new List<DepthSegment>?[CadenceCount];

    /// <summary>Changes with update ids up to this one are not all in the log.</summary>
    private long _lostThrough;

    public BookSideLevels Bids { get; } = new(Side.Buy);

    public BookSideLevels Asks { get; } = new(Side.Sell);

    public long LastUpdateId { get; private set; }

    /// <param name="cadences">Bit <c>1 &lt;&lt; (int)cadence</c> set for each cadence being drained.</param>
    public void Apply(Side side, long price, long quantity, long updateId, long time, int cadences)
    {
        (side == Side.Buy ? Bids : Asks).Set(price, quantity);
        if (updateId > LastUpdateId + 1)
        {
            // The view started after these ids (or was seeded): diffs from before cannot be served.
            _lostThrough = Math.Max(_lostThrough, updateId - 1);
        }

        LastUpdateId = updateId;
        if (_changes.Capacity > 0)
        {
            if (_changes.IsFull)
            {
                _lostThrough = _changes[0].UpdateId;
            }

            _changes.Add(new LevelChange(updateId, time, side, price, quantity));
        }

        for (var cadence = 0; cadences != 0; cadence++, cadences >>= 1)
        {
            if ((cadences & 1) != 0)
            {
                (_open[cadence] ??= new DepthSegment(updateId)).Add(side, price, quantity, updateId, time);
            }
        }
    }

    /// <summary>
    /// Ends the pending diffs at <see cref="LastUpdateId"/>, so that a snapshot taken now falls on a diff boundary:
    /// the next diff starts at its id + 1, which python-binance requires (<c>U == lastUpdateId + 1</c>).
    /// </summary>
    public void CutDiffs()
    {
        for (var cadence = 0; cadence < CadenceCount; cadence++)
        {
            var open = _open[cadence];
            var sealedSegments = _sealed[cadence] ??= [];
            if (open is not null && sealedSegments.Count < MaxSealedSegments)
            {
                sealedSegments.Add(open);
                _open[cadence] = null;
            }
        }
    }

    /// <summary>The diffs pending for <paramref name="cadence"/>, oldest first, or null if none; they are removed.</summary>
    public List<DepthSegment>? TakeDiffs(DepthCadence cadence)
    {
        var c = (int)cadence;
        var sealedSegments = _sealed[c];
        var open = _open[c];
        if (open is null && (sealedSegments is null || sealedSegments.Count == 0))
        {
            return null;
        }

        var taken = new List<DepthSegment>((sealedSegments?.Count ?? 0) + 1);
        if (sealedSegments is not null)
        {
            taken.AddRange(sealedSegments);
            sealedSegments.Clear();
        }

        if (open is not null)
        {
            taken.Add(open);
            _open[c] = null;
        }

        return taken;
    }

    /// <summary>Copies the logged changes after <paramref name="afterUpdateId"/>; false if some are no longer kept.</summary>
    public bool TryCopyChangesAfter(long afterUpdateId, List<LevelChange> into)
    {
        if (afterUpdateId < _lostThrough)
        {
            return false;
        }

        // Update ids never decrease along the log: find the first one after the id, then copy the rest.
        int low = 0, high = _changes.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_changes[mid].UpdateId <= afterUpdateId)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        for (var i = low; i < _changes.Count; i++)
        {
            into.Add(_changes[i]);
        }

        return true;
    }

    /// <summary>Replaces the book (recovery from the core's state); diffs from before cannot be served.</summary>
    public void Reset(IEnumerable<BookLevel> bids, IEnumerable<BookLevel> asks, long updateId)
    {
        Bids.Clear();
        Asks.Clear();
        foreach (var level in bids)
        {
            Bids.Set(level.Price, level.Quantity);
        }

        foreach (var level in asks)
        {
            Asks.Set(level.Price, level.Quantity);
        }

        LastUpdateId = updateId;
        _lostThrough = updateId;
        _changes.Clear();
        Array.Clear(_open);
        foreach (var sealedSegments in _sealed)
        {
            sealedSegments?.Clear();
        }
    }
}
