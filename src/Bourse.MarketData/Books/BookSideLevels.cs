using Bourse.Core.Model;

namespace Bourse.MarketData.Books;

/// <summary>
/// One side of a book view: prices and displayed quantities in parallel arrays sorted worst to best, so the best
/// level is the last element and changes near the touch shift few elements. Guarded by the market's lock.
/// </summary>
internal sealed class BookSideLevels(Side side)
{
    private long[] _prices = new long[32];
    private long[] _quantities = new long[32];

    public Side Side { get; } = side;

    public int Count { get; private set; }

    public void Set(long price, long quantity)
    {
        var index = Search(price);
        if (index >= 0)
        {
            if (quantity != 0)
            {
                _quantities[index] = quantity;
                return;
            }

            Array.Copy(_prices, index + 1, _prices, index, Count - index - 1);
            Array.Copy(_quantities, index + 1, _quantities, index, Count - index - 1);
            Count--;
            return;
        }

        if (quantity == 0)
        {
            return;
        }

        index = ~index;
        if (Count == _prices.Length)
        {
            Array.Resize(ref _prices, Count * 2);
            Array.Resize(ref _quantities, Count * 2);
        }

        Array.Copy(_prices, index, _prices, index + 1, Count - index);
        Array.Copy(_quantities, index, _quantities, index + 1, Count - index);
        _prices[index] = price;
        _quantities[index] = quantity;
        Count++;
    }

    public BookLevel Best => Count == 0 ? default : new BookLevel(_prices[Count - 1], _quantities[Count - 1]);

    /// <summary>Up to <paramref name="limit"/> levels, best first.</summary>
    public BookLevel[] Top(int limit)
    {
        var n = Math.Clamp(limit, 0, Count);
        var levels = new BookLevel[n];
        for (var i = 0; i < n; i++)
        {
            var at = Count - 1 - i;
            levels[i] = new BookLevel(_prices[at], _quantities[at]);
        }

        return levels;
    }

    public void Clear() => Count = 0;

    /// <summary>Better prices rank higher on either side.</summary>
    private long Rank(long price) => Side == Side.Buy ? price : -price;

    private int Search(long price)
    {
        var rank = Rank(price);
        int low = 0, high = Count - 1;
        if (Count > 0)
        {
            // Most changes are at or beyond the touch.
            var bestRank = Rank(_prices[high]);
            if (rank == bestRank)
            {
                return high;
            }

            if (rank > bestRank)
            {
                return ~Count;
            }
        }

        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var midRank = Rank(_prices[mid]);
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
}
