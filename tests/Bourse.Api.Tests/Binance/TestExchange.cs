using Bourse.Api.Binance;
using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Trading;

namespace Bourse.Api.Tests.Binance;

/// <summary>
/// A real core with BTC and USDT (8 decimals) and BTCUSDT (0.01 tick, 0.00001 lot, 1 USDT minimum notional), stamping
/// sequences and times the way the engine does. Orders go in as Binance requests, through the translator.
/// </summary>
public sealed class TestExchange
{
    public const int Btc = 1;
    public const int Usdt = 2;
    public const int BtcUsdt = 1;
    public const long Unit = 100_000_000;
    public const long BaseTime = 1_700_000_000_000;

    private readonly EventBuffer _buffer = new();
    private long _sequence;

    public TestExchange()
    {
        Apply(Command.CreateAsset(BtcAsset));
        Apply(Command.CreateAsset(UsdtAsset));
        Apply(Command.CreateMarket(Spec));
    }

    public static AssetSpec BtcAsset { get; } = new(Btc, "BTC", 8);

    public static AssetSpec UsdtAsset { get; } = new(Usdt, "USDT", 8);

    public static MarketSpec Spec { get; } = new(BtcUsdt, "BTCUSDT", Btc, Usdt,
        TickSize: Units(0.01m), LotSize: Units(0.00001m), MinQuantity: Units(0.00001m), MaxQuantity: Units(9000m),
        MinNotional: Units(1m));

    public static BinanceMarket Market { get; } = new(Spec, BtcAsset, UsdtAsset);

    public ExchangeCore Core { get; } = new();

    /// <summary>Seeded, so generated client order ids are the same in every run.</summary>
    public ClientOrderIds Ids { get; } = new(new Random(42));

    public static BinanceMarket? FindMarket(string symbol) => symbol == Market.Symbol ? Market : null;

    /// <summary>The trading intake over BTCUSDT alone.</summary>
    public static TradingIntake Intake { get; } = IntakeFor(Market);

    /// <summary>The trading intake over <paramref name="market"/> alone.</summary>
    public static TradingIntake IntakeFor(BinanceMarket market) => new(new SingleMarket(market));

    public static AssetSpec? FindAsset(int id) => id switch
    {
        Btc => BtcAsset,
        Usdt => UsdtAsset,
        _ => null,
    };

    public static BinanceMarket? FindMarketById(int id) => id == BtcUsdt ? Market : null;

    public static long Units(decimal value) => (long)(value * Unit);

    public static long TimeOf(long sequence) => BaseTime + sequence;

    public Event[] Apply(Command command)
    {
        _sequence++;
        _buffer.Clear();
        Core.Apply(command.At(_sequence, TimeOf(_sequence)), _buffer);
        return _buffer.Events.ToArray();
    }

    public void Fund(long userId, int assetId, decimal amount) =>
        Apply(Command.Deposit(userId, assetId, Units(amount), $"fund-{_sequence + 1}"));

    /// <summary>A GTC limit order placed directly in the core; returns its id.</summary>
    public long Rest(long userId, Side side, decimal price, decimal quantity, string clientOrderId)
    {
        var events = Apply(Command.Limit(userId, BtcUsdt, side, Units(price), Units(quantity), TimeInForce.Gtc, clientOrderId));
        Assert.Contains(events, e => e.Type == EventType.OrderAccepted);
        return _sequence;
    }

    /// <summary>Translates a POST /order query string for <paramref name="userId"/>; it must be valid.</summary>
    public NewOrderRequest Translate(long userId, string query)
    {
        var result = OrderRequests.PlaceOrder(Read(query), userId, Intake, Ids);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    public static ParameterReader Read(string query, string? body = null)
    {
        var parsed = ParameterReader.Parse(query, body);
        Assert.True(parsed.IsSuccess, parsed.ToString());
        return parsed.Value;
    }

    private sealed class SingleMarket(BinanceMarket market) : IMarketDirectory
    {
        public TradingMarket? FindMarket(string symbol) => symbol == market.Symbol
            ? new TradingMarket(market.Spec, market.Base, market.Quote, market.Status) { DefaultSelfTradePrevention = market.DefaultSelfTradePrevention }
            : null;
    }
}
