namespace Bourse.Core.Commands;

/// <summary>
/// A market's reference data. Prices are in the quote asset's smallest units per one whole base unit; quantities
/// in the base asset's smallest units. <see cref="TickSize"/> × <see cref="LotSize"/> must be a whole number of the
/// quote's smallest units so that every fill's notional is exact — no rounding, so nothing is created or lost.
/// </summary>
public sealed record MarketSpec(
    int Id,
    string Symbol,
    int BaseAssetId,
    int QuoteAssetId,
    long TickSize,
    long LotSize,
    long MinQuantity,
    long MaxQuantity,
    long MinNotional,
    long MinPrice = 0,
    long MaxPrice = 0,
    long MaxNotional = 0,
    int MarketOrderBandPpm = 100_000,
    int MaxIcebergParts = 100);
