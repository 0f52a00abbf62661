using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Bench;

/// <summary>
/// A seeded, realistic command flow: many funded users over several markets; about half the commands are limit
/// orders placed near the touch, three in ten cancel an earlier order of the same user, and two in ten are
/// marketable (IOC limits through the touch and market orders). Built up front so generating it is never timed.
/// </summary>
public sealed class OrderFlow
{
    public const long Unit = 100_000_000;
    // Asset ids are small and dense, as an exchange assigns them: the quote asset follows the base assets.
    private int QuoteAssetId => _markets + 1;

    private readonly Random _random;
    private readonly int _users;
    private readonly int _markets;
    private readonly long[] _mid;
    private readonly List<(long Id, long User, int Market, long Price)> _open = [];

    public OrderFlow(int seed, int users = 10_000, int markets = 5)
    {
        _random = new Random(seed);
        _users = users;
        _markets = markets;
        _mid = Enumerable.Repeat(StartPrice, markets + 1).ToArray();
    }

    public static long Tick => Unit / 100;

    private static long StartPrice => 10_000 * Unit;

    public static long Lot => 1_000;

    /// <summary>Assets, markets and balances large enough that funds never run out during a run.</summary>
    public IEnumerable<Command> Setup()
    {
        yield return Command.CreateAsset(new AssetSpec(QuoteAssetId, "USDT", 8));
        for (var m = 1; m <= _markets; m++)
        {
            yield return Command.CreateAsset(new AssetSpec(m, $"A{m}", 8));
            yield return Command.CreateMarket(new MarketSpec(m, $"A{m}USDT", m, QuoteAssetId, Tick, Lot, Lot, 100_000 * Unit, Unit));
        }

        for (var user = 1; user <= _users; user++)
        {
            yield return Command.Deposit(user, QuoteAssetId, 10_000_000 * Unit, $"q{user}");
            for (var m = 1; m <= _markets; m++)
            {
                yield return Command.Deposit(user, m, 100_000 * Unit, $"b{user}-{m}");
            }
        }
    }

    /// <summary>The next <paramref name="count"/> commands; order ids are predicted from <paramref name="firstSequence"/>.</summary>
    /// <summary>
    /// Traders cancel quotes the market has moved away from: of a few recent orders, the one furthest from its mid.
    /// This keeps the book a steady size, as it is on a live exchange.
    /// </summary>
    private int PickStaleOrder()
    {
        var best = -1;
        long furthest = -1;
        for (var sample = 0; sample < 4; sample++)
        {
            var index = _random.Next(4) == 0 ? _random.Next(_open.Count) : _open.Count - 1 - _random.Next(Math.Min(_open.Count, 2_000));
            var (_, _, market, price) = _open[index];
            var distance = Math.Abs(price - _mid[market]);
            if (distance > furthest)
            {
                furthest = distance;
                best = index;
            }
        }

        return best;
    }

    public Command[] Generate(int count, long firstSequence)
    {
        var commands = new Command[count];
        for (var i = 0; i < count; i++)
        {
            commands[i] = Next(firstSequence + i);
        }

        return commands;
    }

    private Command Next(long sequence)
    {
        var market = 1 + _random.Next(_markets);
        // The reference price wanders so the book keeps moving, pulled back towards where it started as prices are
        // over the seconds a run lasts.
        var pull = _mid[market] > StartPrice ? -1 : 1;
        _mid[market] += (_random.Next(11) - 5 + pull) switch { > 2 => Tick, < -2 => -Tick, _ => 0 };
        var mid = _mid[market];
        var roll = _random.Next(100);
        if (roll < 30 && _open.Count > 0)
        {
            var index = PickStaleOrder();
            var (id, user, orderMarket, _) = _open[index];
            _open[index] = _open[^1];
            _open.RemoveAt(_open.Count - 1);
            return Command.Cancel(user, orderMarket, id);
        }

        var trader = 1 + _random.Next(_users);
        var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var quantity = (1 + _random.Next(100)) * Lot * 10;
        if (roll < 80)
        {
            var away = (1 + _random.Next(20)) * Tick;
            var price = side == Side.Buy ? mid - away : mid + away;
            _open.Add((sequence, trader, market, price));
            if (_open.Count > 200_000)
            {
                // Forget the oldest half at once: the flow only cancels recent orders anyway.
                _open.RemoveRange(0, 100_000);
            }

            return Command.Limit(trader, market, side, price, quantity);
        }

        // Takers trade bigger clips than makers quote, so the book is consumed as fast as it is refilled.
        quantity *= 3;
        if (roll < 92)
        {
            var through = (1 + _random.Next(20)) * Tick;
            return Command.Limit(trader, market, side, side == Side.Buy ? mid + through : mid - through, quantity, TimeInForce.Ioc);
        }

        return Command.Market(trader, market, side, quantity);
    }
}
