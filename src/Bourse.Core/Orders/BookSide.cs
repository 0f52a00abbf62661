using Bourse.Core.Model;

namespace Bourse.Core.Orders;

/// <summary>
/// One side of an order book: price levels in an array sorted worst to best, so the best price is the last
/// element. Most activity is at or near the touch, where inserting and removing shifts few elements.
/// </summary>
public sealed class BookSide
{
    private PriceLevel[] _levels = new PriceLevel[64];
    private int _count;
    private readonly Stack<PriceLevel> _pool = new();

    public BookSide(Side side) => Side = side;

    public Side Side { get; }

    public int LevelCount => _count;

    public PriceLevel? Best => _count == 0 ? null : _levels[_count - 1];

    /// <summary>The level <paramref name="depth"/> steps from the best (0 = best).</summary>
    public PriceLevel LevelAt(int depth) => _levels[_count - 1 - depth];

    /// <summary>Ranks prices so that better prices rank higher on either side.</summary>
    private long Rank(long price) => Side == Side.Buy ? price : -price;

    /// <summary>Whether <paramref name="price"/> is at least as good as <paramref name="limit"/> for this side's orders.</summary>
    public bool IsAtLeastAsGood(long price, long limit) => Side == Side.Buy ? price >= limit : price <= limit;

    internal PriceLevel GetOrAddLevel(long price)
    {
        var index = Search(price);
        if (index >= 0)
        {
            return _levels[index];
        }

        index = ~index;
        if (_count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        Array.Copy(_levels, index, _levels, index + 1, _count - index);
        var level = _pool.Count > 0 ? _pool.Pop() : new PriceLevel();
        level.Price = price;
        _levels[index] = level;
        _count++;
        return level;
    }

    internal void RemoveLevel(PriceLevel level)
    {
        // Removal is almost always at the best price: check the end before searching.
        int index;
        if (_count > 0 && ReferenceEquals(_levels[_count - 1], level))
        {
            index = _count - 1;
        }
        else
        {
            index = Search(level.Price);
        }

        Array.Copy(_levels, index + 1, _levels, index, _count - index - 1);
        _count--;
        _levels[_count] = null!;
        level.Head = level.Tail = null;
        level.VisibleQuantity = level.TotalQuantity = 0;
        level.OrderCount = 0;
        level.TouchedBy = 0;
        _pool.Push(level);
    }

    public PriceLevel? Find(long price)
    {
        var index = Search(price);
        return index >= 0 ? _levels[index] : null;
    }

    private int Search(long price)
    {
        var rank = Rank(price);
        int low = 0, high = _count - 1;

        // Fast path: new prices usually land at or beyond the touch.
        if (_count > 0)
        {
            var bestRank = Rank(_levels[high].Price);
            if (rank == bestRank)
            {
                return high;
            }

            if (rank > bestRank)
            {
                return ~_count;
            }
        }

        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var midRank = Rank(_levels[mid].Price);
            if (midRank == rank)
            {
                return mid;
            }

            if (midRank < rank)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    /// <summary>Levels from best to worst.</summary>
    public IEnumerable<PriceLevel> Levels
    {
        get
        {
            for (var i = _count - 1; i >= 0; i--)
            {
                yield return _levels[i];
            }
        }
    }
}
