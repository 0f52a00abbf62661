using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Trading.Tests;

/// <summary>
/// BTCUSDT (8-decimal assets; 0.01 tick, 0.00001 lot, 1 USDT minimum notional, prices 0.01–1,000,000, at most 10
/// iceberg parts) and HALTUSDT, a market that takes no orders.
/// </summary>
public sealed class TestMarkets : IMarketDirectory
{
    public const long Unit = 100_000_000;

    public static AssetSpec Btc { get; } = new(1, "BTC", 8);

    public static AssetSpec Usdt { get; } = new(2, "USDT", 8);

    public static TradingMarket BtcUsdt { get; } = new(
        new MarketSpec(1, "BTCUSDT", 1, 2, TickSize: Units(0.01m), LotSize: Units(0.00001m), MinQuantity: Units(0.00001m),
            MaxQuantity: Units(9000m), MinNotional: Units(1m), MinPrice: Units(0.01m), MaxPrice: Units(1_000_000m), MaxIcebergParts: 10),
        Btc, Usdt);

    public static TradingMarket Halted { get; } = new(BtcUsdt.Spec with { Id = 2, Symbol = "HALTUSDT" }, Btc, Usdt, MarketStatus.Halted);

    public static TradingIntake Intake { get; } = new(new TestMarkets());

    public static long Units(decimal value) => (long)(value * Unit);

    public TradingMarket? FindMarket(string symbol) => symbol switch
    {
        "BTCUSDT" => BtcUsdt,
        "HALTUSDT" => Halted,
        _ => null,
    };

    /// <summary>A valid GTC limit buy of 1 BTC at 100 USDT, to vary.</summary>
    public static OrderIntent Limit(string symbol = "BTCUSDT") => new(7, symbol, Side.Buy, OrderType.Limit)
    {
        TimeInForce = TimeInForce.Gtc,
        Quantity = 1m,
        Price = 100m,
        ClientOrderId = "client-1",
    };

    /// <summary>A valid market buy of 1 BTC, to vary.</summary>
    public static OrderIntent Market() => new(7, "BTCUSDT", Side.Buy, OrderType.Market) { Quantity = 1m, ClientOrderId = "client-2" };
}
