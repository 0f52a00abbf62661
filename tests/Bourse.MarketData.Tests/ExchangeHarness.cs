using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.MarketData.Tests;

/// <summary>
/// A real core with BTC, USDT and ETH (8 decimals) and the markets BTCUSDT (0.01 tick, 0.00001 lot) and ETHUSDT,
/// whose events go straight into a <see cref="MarketDataStore"/>, as the engine's subscriber will do. Each command
/// carries the next sequence and <see cref="Time"/>, which then moves on by <see cref="Step"/> milliseconds.
/// </summary>
public sealed class ExchangeHarness
{
    public const int Btc = 1;
    public const int Usdt = 2;
    public const int Eth = 3;
    public const int BtcUsdt = 1;
    public const int EthUsdt = 2;
    public const long Unit = 100_000_000;

    /// <summary>2023-11-14T22:13:20Z.</summary>
    public const long Start = 1_700_000_000_000;

    private readonly EventBuffer _buffer = new();
    private long _sequence;

    public ExchangeHarness(MarketDataOptions? options = null, bool resolveSpecs = true, bool feedStore = true)
    {
        Core = new ExchangeCore();
        options ??= new MarketDataOptions();
        Store = new MarketDataStore(new MarketDataOptions
        {
            TradesKept = options.TradesKept,
            AggregateTradesKept = options.AggregateTradesKept,
            KlinesKept = options.KlinesKept,
            DepthChangesKept = options.DepthChangesKept,
            Listener = options.Listener,
            MarketSpecs = resolveSpecs ? id => Core.GetMarket(id)?.Spec : null,
        });
        FeedStore = feedStore;
        Ok(Command.CreateAsset(new AssetSpec(Btc, "BTC", 8)));
        Ok(Command.CreateAsset(new AssetSpec(Usdt, "USDT", 8)));
        Ok(Command.CreateAsset(new AssetSpec(Eth, "ETH", 8)));
        Ok(Command.CreateMarket(BtcUsdtSpec));
        Ok(Command.CreateMarket(EthUsdtSpec));
    }

    public static MarketSpec BtcUsdtSpec { get; } = new(BtcUsdt, "BTCUSDT", Btc, Usdt, TickSize: Unit / 100, LotSize: 1_000,
        MinQuantity: 1_000, MaxQuantity: 9_000 * Unit, MinNotional: Unit / 100, MarketOrderBandPpm: 500_000);

    public static MarketSpec EthUsdtSpec { get; } = new(EthUsdt, "ETHUSDT", Eth, Usdt, TickSize: Unit / 100, LotSize: 10_000,
        MinQuantity: 10_000, MaxQuantity: 90_000 * Unit, MinNotional: Unit / 100, MarketOrderBandPpm: 500_000);

    public ExchangeCore Core { get; }

    public MarketDataStore Store { get; }

    /// <summary>Whether commands' events go to the store (off: a store that joins later).</summary>
    public bool FeedStore { get; set; }

    public long Time { get; set; } = Start;

    public long Step { get; set; } = 1;

    public long LastSequence => _sequence;

    public MarketView Market => Store.GetMarket(BtcUsdt)!;

    public static long Price(decimal value) => (long)(value * Unit);

    public static long Qty(decimal value) => (long)(value * Unit);

    public Event[] Apply(Command command)
    {
        _sequence++;
        _buffer.Clear();
        Core.Apply(command.At(_sequence, Time), _buffer);
        Time += Step;
        if (FeedStore)
        {
            Store.Apply(_buffer.Events);
        }

        return _buffer.Events.ToArray();
    }

    /// <summary>Applies a command that must not be rejected; returns its sequence (the id of an order it places).</summary>
    public long Ok(Command command)
    {
        var events = Apply(command);
        foreach (var e in events)
        {
            Assert.False(e.Type is EventType.CommandRejected or EventType.OrderRejected, $"{command.Type} was rejected: {e.Reason}");
        }

        return _sequence;
    }

    public void Fund(long userId, decimal btc = 1_000_000m, decimal usdt = 1_000_000_000m, decimal eth = 1_000_000m)
    {
        Ok(Command.Deposit(userId, Btc, Qty(btc), $"btc-{userId}-{_sequence}"));
        Ok(Command.Deposit(userId, Usdt, Qty(usdt), $"usdt-{userId}-{_sequence}"));
        Ok(Command.Deposit(userId, Eth, Qty(eth), $"eth-{userId}-{_sequence}"));
    }

    public long Buy(long userId, decimal price, decimal quantity, TimeInForce tif = TimeInForce.Gtc) =>
        Ok(Command.Limit(userId, BtcUsdt, Side.Buy, Price(price), Qty(quantity), tif));

    public long Sell(long userId, decimal price, decimal quantity, TimeInForce tif = TimeInForce.Gtc) =>
        Ok(Command.Limit(userId, BtcUsdt, Side.Sell, Price(price), Qty(quantity), tif));

    /// <summary>One trade of <paramref name="quantity"/> at <paramref name="price"/>: a maker order, then a taker.</summary>
    public void Trade(decimal price, decimal quantity, Side takerSide, long maker = 1, long taker = 2)
    {
        if (takerSide == Side.Buy)
        {
            Sell(maker, price, quantity);
            Buy(taker, price, quantity);
        }
        else
        {
            Buy(maker, price, quantity);
            Sell(taker, price, quantity);
        }
    }

    /// <summary>(price, displayed quantity) per level of the core's book, best first.</summary>
    public static List<(long Price, long Quantity)> CoreLevels(Core.Orders.BookSide side) =>
        side.Levels.Select(l => (l.Price, l.VisibleQuantity)).ToList();
}
