using Bourse.Core.Commands;

namespace Bourse.MarketData;

/// <summary>
/// A listed market's reference data, for the layer that turns smallest units into decimal strings: quantities have
/// <see cref="BaseAsset"/>'s scale, prices and quote amounts <see cref="QuoteAsset"/>'s.
/// </summary>
public sealed record MarketListing(MarketSpec Spec, AssetSpec BaseAsset, AssetSpec QuoteAsset)
{
    public int Id => Spec.Id;

    public string Symbol => Spec.Symbol;

    /// <summary>Decimal places of a quantity (base asset smallest unit).</summary>
    public int BaseScale => BaseAsset.Scale;

    /// <summary>Decimal places of a price or quote amount (quote asset smallest unit).</summary>
    public int QuoteScale => QuoteAsset.Scale;

    public long TickSize => Spec.TickSize;

    public long LotSize => Spec.LotSize;
}
