using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Server.Listing;

namespace Bourse.Server.Demo;

/// <summary>The demo's assets, markets (with Binance-like filters) and where their prices start.</summary>
public static class DemoMarkets
{
    public const long Unit = 100_000_000;

    public static readonly AssetSpec Btc = new(1, "BTC", 8);
    public static readonly AssetSpec Eth = new(2, "ETH", 8);
    public static readonly AssetSpec Ltc = new(3, "LTC", 8);
    public static readonly AssetSpec Sol = new(4, "SOL", 8);
    public static readonly AssetSpec Usdt = new(5, "USDT", 8);

    public static IReadOnlyList<AssetSpec> Assets { get; } = [Btc, Eth, Ltc, Sol, Usdt];

    /// <summary>Markets and their starting reference prices (in quote units per whole base unit).</summary>
    public static IReadOnlyList<(MarketSpec Market, long StartPrice)> Markets { get; } =
    [
        (Spot(1, "BTCUSDT", Btc, Usdt, tick: Unit / 100, lot: 1_000, minNotional: 5 * Unit), 95_000 * Unit),
        (Spot(2, "ETHUSDT", Eth, Usdt, tick: Unit / 100, lot: 10_000, minNotional: 5 * Unit), 3_500 * Unit),
        (Spot(3, "LTCUSDT", Ltc, Usdt, tick: Unit / 100, lot: 100_000, minNotional: 5 * Unit), 90 * Unit),
        (Spot(4, "SOLUSDT", Sol, Usdt, tick: Unit / 100, lot: 100_000, minNotional: 5 * Unit), 180 * Unit),
        (Spot(5, "ETHBTC", Eth, Btc, tick: 1_000, lot: 100_000, minNotional: Unit / 10_000), 3_680_000),
    ];

    /// <summary>
    /// The demo's assets and markets as a listing document: the seeder applies it at every start, which lists them
    /// on a new exchange and changes nothing afterwards. On a new exchange the ids come out as above.
    /// </summary>
    public static ListingDocument Listing { get; } = new(
        Assets: Assets.Select(a => new ListedAsset(a.Code, null, a.Scale)).ToList(),
        Markets: Markets.Select(m => ToListed(m.Market)).ToList());

    private static ListedMarket ToListed(MarketSpec spec)
    {
        var baseAsset = Assets.Single(a => a.Id == spec.BaseAssetId);
        var quote = Assets.Single(a => a.Id == spec.QuoteAssetId);
        return new ListedMarket(spec.Symbol, baseAsset.Code, quote.Code,
            TickSize: DecimalUnits.FormatTrimmed(spec.TickSize, quote.Scale), LotSize: DecimalUnits.FormatTrimmed(spec.LotSize, baseAsset.Scale),
            MinQuantity: DecimalUnits.FormatTrimmed(spec.MinQuantity, baseAsset.Scale), MaxQuantity: DecimalUnits.FormatTrimmed(spec.MaxQuantity, baseAsset.Scale),
            MinNotional: DecimalUnits.FormatTrimmed(spec.MinNotional, quote.Scale), MarketOrderBand: ListingRates.Format(spec.MarketOrderBandPpm));
    }

    private static MarketSpec Spot(int id, string symbol, AssetSpec baseAsset, AssetSpec quote, long tick, long lot, long minNotional) =>
        new(id, symbol, baseAsset.Id, quote.Id, tick, lot, MinQuantity: lot, MaxQuantity: 9_000 * Unit - ((9_000 * Unit) % lot),
            MinNotional: minNotional, MarketOrderBandPpm: 50_000);
}
