using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.Trading;

namespace Bourse.Api.Binance;

/// <summary>
/// A market as the Binance API needs it: the core's spec with both assets (for scales and codes), its status, and
/// the settings Binance shows per symbol that the core does not hold.
/// </summary>
public sealed record BinanceMarket
{
    public BinanceMarket(MarketSpec spec, AssetSpec baseAsset, AssetSpec quoteAsset)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(baseAsset);
        ArgumentNullException.ThrowIfNull(quoteAsset);
        if (spec.BaseAssetId != baseAsset.Id || spec.QuoteAssetId != quoteAsset.Id)
        {
            throw new ArgumentException($"{spec.Symbol} trades asset {spec.BaseAssetId} for {spec.QuoteAssetId}.", nameof(spec));
        }

        Spec = spec;
        Base = baseAsset;
        Quote = quoteAsset;
    }

    /// <summary>The trading intake's market as Binance shows it.</summary>
    public static BinanceMarket From(TradingMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        return new(market.Spec, market.Base, market.Quote)
        {
            Status = market.Status,
            DefaultSelfTradePrevention = market.DefaultSelfTradePrevention,
        };
    }

    /// <summary>The market as the trading intake judges orders against it.</summary>
    public TradingMarket ToTrading() => new(Spec, Base, Quote, Status) { DefaultSelfTradePrevention = DefaultSelfTradePrevention };

    public MarketSpec Spec { get; }

    public AssetSpec Base { get; }

    public AssetSpec Quote { get; }

    public MarketStatus Status { get; init; } = MarketStatus.Trading;

    /// <summary>What an order without <c>selfTradePreventionMode</c> gets; Binance's symbols default to EXPIRE_MAKER.</summary>
    public SelfTradePrevention DefaultSelfTradePrevention { get; init; } = SelfTradePrevention.ExpireMaker;

    /// <summary>Open orders one user may have, shown as the MAX_NUM_ORDERS filter (the core's per-user limit).</summary>
    public int MaxNumOrders { get; init; } = 1_000;

    public int Id => Spec.Id;

    public string Symbol => Spec.Symbol;

    /// <summary>A price (quote units per whole base unit) padded to the quote's scale.</summary>
    public string FormatPrice(long price) => DecimalUnits.Format(price, Quote.Scale);

    /// <summary>A base quantity padded to the base's scale.</summary>
    public string FormatQuantity(long quantity) => DecimalUnits.Format(quantity, Base.Scale);

    /// <summary>A quote amount padded to the quote's scale.</summary>
    public string FormatQuote(long quote) => DecimalUnits.Format(quote, Quote.Scale);

    /// <summary>An amount of the base or the quote asset (commissions), padded to that asset's scale.</summary>
    public string FormatAmount(int assetId, long amount) => DecimalUnits.Format(amount, AssetOf(assetId).Scale);

    /// <summary>The base or quote asset by id.</summary>
    public AssetSpec AssetOf(int assetId) =>
        assetId == Base.Id ? Base
        : assetId == Quote.Id ? Quote
        : throw new ArgumentOutOfRangeException(nameof(assetId), assetId, $"{Symbol} has no asset {assetId}.");
}
