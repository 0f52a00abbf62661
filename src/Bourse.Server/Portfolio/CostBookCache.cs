namespace Bourse.Server.Portfolio;

/// <summary>
/// Average-cost books kept between PnL requests, per user and quote asset, each with the command sequence it has
/// replayed through (its watermark), the number of markets it was priced with (a new market can open a new price
/// route, so a book priced with fewer markets is not reused) and the markets that had no price at all when it was
/// replayed (the caller reuses it only while they still have none). At most <c>capacity</c> books, the least recently
/// used dropped first. Books are copied in and out, so no caller sees another's replay.
/// </summary>
public sealed class CostBookCache(int capacity)
{
    private readonly Dictionary<(long UserId, int QuoteId), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A copy of the kept book, its watermark and its unpriced markets, or null when none fits.</summary>
    public (AverageCostBook Book, long Through, IReadOnlySet<int> Unpriced)? Find(long userId, int quoteId, int marketCount, Func<int, bool> stillUnpriced)
    {
        ArgumentNullException.ThrowIfNull(stillUnpriced);
        lock (_entries)
        {
            if (!_entries.TryGetValue((userId, quoteId), out var node))
            {
                return null;
            }

            if (node.Value.MarketCount != marketCount || !node.Value.Unpriced.All(stillUnpriced))
            {
                _recency.Remove(node);
                _entries.Remove((userId, quoteId));
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return (node.Value.Book.Clone(), node.Value.Through, node.Value.Unpriced);
        }
    }

    /// <summary>Keeps a copy of <paramref name="book"/> as replayed through <paramref name="through"/>, unless a newer one is kept.</summary>
    public void Keep(long userId, int quoteId, int marketCount, AverageCostBook book, long through, IReadOnlySet<int> unpriced)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(unpriced);
        if (capacity <= 0)
        {
            return;
        }

        var entry = new Entry(userId, quoteId, marketCount, book.Clone(), through, unpriced);
        lock (_entries)
        {
            if (_entries.TryGetValue((userId, quoteId), out var node))
            {
                if (node.Value.Through > through && node.Value.MarketCount == marketCount)
                {
                    return;
                }

                _recency.Remove(node);
                _entries.Remove((userId, quoteId));
            }

            _entries[(userId, quoteId)] = _recency.AddFirst(entry);
            while (_entries.Count > capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove((oldest.Value.UserId, oldest.Value.QuoteId));
            }
        }
    }

    private sealed record Entry(long UserId, int QuoteId, int MarketCount, AverageCostBook Book, long Through, IReadOnlySet<int> Unpriced);
}
