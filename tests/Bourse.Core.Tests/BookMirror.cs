using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Core.Tests;

/// <summary>
/// A depth consumer's view of every book, built only from BookLevelChanged events: it must always equal the core's
/// books, and each market's update ids must count up by one with no gaps.
/// </summary>
public sealed class BookMirror
{
    private readonly Dictionary<(int Market, Side Side), SortedDictionary<long, long>> _books = [];
    private readonly Dictionary<int, long> _updateIds = [];

    public void Apply(ReadOnlySpan<Event> events)
    {
        var seenThisCommand = new Dictionary<int, long>();
        foreach (ref readonly var e in events)
        {
            if (e.Type != EventType.BookLevelChanged)
            {
                continue;
            }

            if (seenThisCommand.TryGetValue(e.MarketId, out var id))
            {
                Assert.Equal(id, e.BookUpdateId);
            }
            else
            {
                Assert.Equal(_updateIds.GetValueOrDefault(e.MarketId) + 1, e.BookUpdateId);
                _updateIds[e.MarketId] = e.BookUpdateId;
                seenThisCommand[e.MarketId] = e.BookUpdateId;
            }

            var levels = Levels(e.MarketId, e.Side);
            Assert.True(e.Quantity > 0 || levels.ContainsKey(e.Price), "a removal of a level the mirror never had");
            if (e.Quantity == 0)
            {
                levels.Remove(e.Price);
            }
            else
            {
                levels[e.Price] = e.Quantity;
            }
        }
    }

    public void AssertMatches(ExchangeCore core)
    {
        foreach (var market in core.Markets)
        {
            Assert.Equal(_updateIds.GetValueOrDefault(market.Id), market.BookUpdateId);
            foreach (var side in new[] { market.Bids, market.Asks })
            {
                var expected = side.Levels.Select(l => (l.Price, l.VisibleQuantity)).OrderBy(l => l.Price).ToList();
                var actual = Levels(market.Id, side.Side).Select(l => (l.Key, l.Value)).ToList();
                Assert.Equal(expected, actual);
            }
        }
    }

    private SortedDictionary<long, long> Levels(int market, Side side)
    {
        if (!_books.TryGetValue((market, side), out var levels))
        {
            levels = [];
            _books[(market, side)] = levels;
        }

        return levels;
    }
}
