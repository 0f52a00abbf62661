using Bourse.Core.Model;

namespace Bourse.MarketData.Books;

/// <summary>
/// The book changes of consecutive commands not yet drained for one cadence: the last quantity per price wins, the
/// first update id is kept and the final one advances.
/// </summary>
internal sealed class DepthSegment(long firstUpdateId)
{
    private readonly Dictionary<long, long> _bids = [];
    private readonly Dictionary<long, long> _asks = [];

    public long FirstUpdateId { get; } = firstUpdateId;

    public long FinalUpdateId { get; private set; }

    public long EventTime { get; private set; }

    public void Add(Side side, long price, long quantity, long updateId, long time)
    {
        (side == Side.Buy ? _bids : _asks)[price] = quantity;
        FinalUpdateId = updateId;
        EventTime = time;
    }

    public DepthUpdate ToUpdate(int marketId, string symbol) =>
        new(marketId, symbol, FirstUpdateId, FinalUpdateId, EventTime, Levels(_bids, bestIsHighest: true), Levels(_asks, bestIsHighest: false));

    private static BookLevel[] Levels(Dictionary<long, long> changes, bool bestIsHighest)
    {
        var levels = new BookLevel[changes.Count];
        var i = 0;
        foreach (var (price, quantity) in changes)
        {
            levels[i++] = new BookLevel(price, quantity);
        }

        if (bestIsHighest)
        {
            Array.Sort(levels, static (a, b) => b.Price.CompareTo(a.Price));
        }
        else
        {
            Array.Sort(levels, static (a, b) => a.Price.CompareTo(b.Price));
        }

        return levels;
    }
}
