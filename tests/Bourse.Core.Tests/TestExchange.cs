using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Core.Tests;

/// <summary>
/// A core with two assets and one market in realistic units, plus helpers that stamp sequences and keep every
/// event. BTC and USDT have 8 decimals; BTCUSDT has a 0.01 tick and a 0.00001 lot, like Binance's.
/// </summary>
public sealed class TestExchange
{
    public const int Btc = 1;
    public const int Usdt = 2;
    public const int Eth = 3;
    public const int BtcUsdt = 1;
    public const long Unit = 100_000_000;

    private long _sequence;
    private readonly EventBuffer _buffer = new();

    public TestExchange(CoreOptions? options = null, bool withMarket = true)
    {
        Core = new ExchangeCore(options);
        if (withMarket)
        {
            Ok(Command.CreateAsset(new AssetSpec(Btc, "BTC", 8)));
            Ok(Command.CreateAsset(new AssetSpec(Usdt, "USDT", 8)));
            Ok(Command.CreateAsset(new AssetSpec(Eth, "ETH", 8)));
            Ok(Command.CreateMarket(Spec));
        }
    }

    public static MarketSpec Spec { get; } = new(BtcUsdt, "BTCUSDT", Btc, Usdt,
        TickSize: Price(0.01m), LotSize: Qty(0.00001m), MinQuantity: Qty(0.00001m), MaxQuantity: Qty(9000m),
        MinNotional: Price(1m), MarketOrderBandPpm: 100_000);

    public ExchangeCore Core { get; }

    public List<Event> AllEvents { get; } = [];

    public long LastSequence => _sequence;

    /// <summary>A decimal price or amount in 8-decimal smallest units.</summary>
    public static long Price(decimal value) => (long)(value * Unit);

    public static long Qty(decimal value) => (long)(value * Unit);

    public List<Event> Apply(Command command)
    {
        _sequence++;
        _buffer.Clear();
        Core.Apply(command.At(_sequence, 1_700_000_000_000 + _sequence), _buffer);
        var events = _buffer.Events.ToArray().ToList();
        AllEvents.AddRange(events);
        return events;
    }

    /// <summary>Applies a command that must not be rejected.</summary>
    public List<Event> Ok(Command command)
    {
        var events = Apply(command);
        var rejection = events.FirstOrDefault(e => e.Type is EventType.CommandRejected or EventType.OrderRejected);
        Assert.True(rejection.Type == EventType.None, $"{command.Type} was rejected: {rejection.Reason}");
        return events;
    }

    public long Fund(long userId, int assetId, decimal amount)
    {
        Ok(Command.Deposit(userId, assetId, Qty(amount), $"fund-{_sequence + 1}"));
        return _sequence;
    }

    /// <summary>Places an order that must be accepted; returns its id.</summary>
    public long Place(Command command)
    {
        Ok(command);
        return _sequence;
    }

    public long Buy(long userId, decimal price, decimal quantity, TimeInForce tif = TimeInForce.Gtc) =>
        Place(Command.Limit(userId, BtcUsdt, Side.Buy, Price(price), Qty(quantity), tif));

    public long Sell(long userId, decimal price, decimal quantity, TimeInForce tif = TimeInForce.Gtc) =>
        Place(Command.Limit(userId, BtcUsdt, Side.Sell, Price(price), Qty(quantity), tif));

    public Balance Balance(long userId, int assetId) => Core.GetBalance(userId, assetId);

    public decimal Available(long userId, int assetId) => (decimal)Balance(userId, assetId).Available / Unit;

    public decimal Locked(long userId, int assetId) => (decimal)Balance(userId, assetId).Locked / Unit;

    public decimal Fees(int assetId) => Available(SystemAccounts.Fees, assetId);

    public Market Market => Core.GetMarket(BtcUsdt)!;

    /// <summary>(price, visible quantity) per level, best first.</summary>
    public List<(decimal Price, decimal Quantity)> Bids => Market.Bids.Levels.Select(l => ((decimal)l.Price / Unit, (decimal)l.VisibleQuantity / Unit)).ToList();

    public List<(decimal Price, decimal Quantity)> Asks => Market.Asks.Levels.Select(l => ((decimal)l.Price / Unit, (decimal)l.VisibleQuantity / Unit)).ToList();

    /// <summary>Asserts a command is rejected for <paramref name="reason"/> and that the state did not change.</summary>
    public void Rejected(Command command, RejectReason reason)
    {
        var before = Core.ComputeStateHash();
        var events = Apply(command);
        var evt = Assert.Single(events);
        Assert.True(evt.Type is EventType.OrderRejected or EventType.CommandRejected, $"expected a rejection, got {evt.Type}");
        Assert.Equal(reason, evt.Reason);
        Assert.Equal(before, Core.ComputeStateHash());
    }
}
