using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.MarketData.Tests;

/// <summary>
/// Seeded orders for both markets of <see cref="ExchangeHarness"/>: resting limits around a drifting mid, crossing
/// limits, IOC and FOK, market orders, icebergs, stops and cancels of orders it placed, by users with deep funds.
/// </summary>
public sealed class RandomOrderFlow
{
    private const long Unit = ExchangeHarness.Unit;
    private readonly Random _random;
    private readonly int _users;
    private readonly List<(long Id, long User, int Market)> _orders = [];
    private long _mid = 30_000 * Unit;

    public RandomOrderFlow(ExchangeHarness exchange, int seed, int users = 8)
    {
        _random = new Random(seed);
        _users = users;
        for (var user = 1; user <= users; user++)
        {
            exchange.Fund(user);
        }
    }

    /// <summary>Applies one random command (rejections are part of the flow); returns how many events it produced.</summary>
    public int Next(ExchangeHarness exchange)
    {
        var market = _random.Next(4) == 0 ? ExchangeHarness.EthUsdt : ExchangeHarness.BtcUsdt;
        var user = (long)_random.Next(1, _users + 1);
        var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
        _mid += _random.Next(-3, 4) * (Unit / 100);
        var roll = _random.Next(100);
        var command = roll switch
        {
            < 45 => Command.Limit(user, market, side, RestingPrice(side, market), Quantity(market), TimeInForce.Gtc),
            < 55 => Command.Limit(user, market, side, CrossingPrice(side, market), Quantity(market), _random.Next(3) switch
            {
                0 => TimeInForce.Ioc,
                1 => TimeInForce.Fok,
                _ => TimeInForce.Gtc,
            }),
            < 62 => Command.Market(user, market, side, Quantity(market)),
            < 67 => Command.Iceberg(user, market, side, RestingPrice(side, market), Lots(market, 50), Lots(market, 10)),
            < 70 => Command.StopLimit(user, market, side, OrderType.StopLossLimit,
                RestingPrice(side == Side.Buy ? Side.Sell : Side.Buy, market), CrossingPrice(side, market), Quantity(market)),
            < 95 when _orders.Count > 0 => Cancel(),
            _ => Command.CancelAll(user, market),
        };

        var events = exchange.Apply(command);
        if (command.Type == CommandType.PlaceOrder && events.Length > 0 && events[0].Type != Core.Events.EventType.OrderRejected)
        {
            _orders.Add((exchange.LastSequence, user, market));
        }

        return events.Length;
    }

    private Command Cancel()
    {
        var index = _random.Next(_orders.Count);
        var (id, user, market) = _orders[index];
        _orders[index] = _orders[^1];
        _orders.RemoveAt(_orders.Count - 1);
        return Command.Cancel(user, market, id);
    }

    private long Mid(int market) => market == ExchangeHarness.BtcUsdt ? _mid : _mid / 15;

    private long RestingPrice(Side side, int market)
    {
        var offset = _random.Next(1, 40) * (Unit / 100);
        return side == Side.Buy ? Mid(market) - offset : Mid(market) + offset;
    }

    private long CrossingPrice(Side side, int market)
    {
        var offset = _random.Next(0, 30) * (Unit / 100);
        return side == Side.Buy ? Mid(market) + offset : Mid(market) - offset;
    }

    private long Quantity(int market) => Lots(market, _random.Next(1, 4) == 1 ? 1_000 : 50);

    private long Lots(int market, int max) => _random.Next(1, max + 1) * (market == ExchangeHarness.BtcUsdt ? 1_000L : 10_000L);
}
