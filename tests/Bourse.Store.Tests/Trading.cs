using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Store.Tests;

/// <summary>
/// Real events from the real matching core: one market, three funded users and a seeded random flow of limit, market,
/// fill-or-kill and refused orders and cancels. Commands are a second apart, so fills spread over many minutes.
/// </summary>
public sealed class Trading
{
    public const int Btc = 1;
    public const int Usdt = 2;
    public const int BtcUsdt = 1;
    public const long Unit = 100_000_000;
    public const long StartTime = 1_700_000_040_000;

    private readonly ExchangeCore _core = new();
    private readonly EventBuffer _buffer = new();

    public Trading()
    {
        Apply(Command.CreateAsset(new AssetSpec(Btc, "BTC", 8)));
        Apply(Command.CreateAsset(new AssetSpec(Usdt, "USDT", 8)));
        Apply(Command.CreateMarket(new MarketSpec(BtcUsdt, "BTCUSDT", Btc, Usdt, TickSize: Unit / 100, LotSize: Unit / 100_000,
            MinQuantity: Unit / 100_000, MaxQuantity: 9000 * Unit, MinNotional: Unit, MarketOrderBandPpm: 100_000)));
        for (var user = 1L; user <= 3; user++)
        {
            Apply(Command.Deposit(user, Btc, 100 * Unit, $"btc-{user}"));
            Apply(Command.Deposit(user, Usdt, 1_000_000 * Unit, $"usdt-{user}"));
        }
    }

    /// <summary>Each command's events, in sequence order.</summary>
    public List<List<Event>> Commands { get; } = [];

    public IEnumerable<Event> AllEvents => Commands.SelectMany(c => c);

    public long LastSequence => Commands.Count;

    public List<Event> Apply(Command command)
    {
        var sequence = Commands.Count + 1L;
        _buffer.Clear();
        _core.Apply(command.At(sequence, StartTime + (sequence * 1_000)), _buffer);
        var events = _buffer.Events.ToArray().ToList();
        Commands.Add(events);
        return events;
    }

    /// <summary>A seeded mix of orders: most rest or fill, some cancel, some are FOKs that cannot fill, some are refused.</summary>
    public Trading RandomFlow(int commands, int seed = 7)
    {
        var random = new Random(seed);
        var open = new List<(long User, long OrderId)>();
        for (var i = 0; i < commands; i++)
        {
            var user = random.Next(1, 4);
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var price = (100 + random.Next(-5, 6)) * Unit;
            var quantity = random.Next(1, 200) * (Unit / 100);
            var roll = random.Next(100);
            var command = roll switch
            {
                < 10 when open.Count > 0 => CancelOne(open, random),
                < 20 => Command.Market(user, BtcUsdt, side, quantity),
                < 25 => Command.Limit(user, BtcUsdt, side, price, 50_000 * Unit, TimeInForce.Fok),
                < 28 => Command.Limit(user, BtcUsdt, side, price, 5_000_000 * Unit),
                _ => Command.Limit(user, BtcUsdt, side, price, quantity, clientOrderId: $"c-{i}"),
            };
            foreach (var e in Apply(command))
            {
                if (e.Type == EventType.OrderAccepted && e.Status == OrderStatus.New)
                {
                    open.Add((e.UserId, e.OrderId));
                }
            }
        }

        return this;
    }

    private static Command CancelOne(List<(long User, long OrderId)> open, Random random)
    {
        var index = random.Next(open.Count);
        var (user, orderId) = open[index];
        open.RemoveAt(index);
        return Command.Cancel(user, BtcUsdt, orderId);
    }
}
