using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Trading;

/// <summary>A market as the intake judges orders against it: its spec (filters), both assets (scales) and its status.</summary>
public sealed record TradingMarket
{
    public TradingMarket(MarketSpec spec, AssetSpec baseAsset, AssetSpec quoteAsset, MarketStatus status = MarketStatus.Trading)
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
        Status = status;
    }

    public MarketSpec Spec { get; }

    public AssetSpec Base { get; }

    public AssetSpec Quote { get; }

    public MarketStatus Status { get; }

    /// <summary>What an order that names no self-trade prevention gets; Binance's symbols default to EXPIRE_MAKER, and so do ours.</summary>
    public SelfTradePrevention DefaultSelfTradePrevention { get; init; } = SelfTradePrevention.ExpireMaker;

    public int Id => Spec.Id;

    public string Symbol => Spec.Symbol;
}
