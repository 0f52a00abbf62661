using Bourse.Core.Model;

namespace Bourse.Store;

/// <summary>
/// One side of a trade as history keeps it: a fill of one of the user's orders. Price in the quote asset's smallest
/// unit per whole base unit, quantity in the base asset's smallest unit, quote quantity in the quote asset's; the
/// commission in its own asset. <see cref="Sequence"/> is the command that made the trade.
/// </summary>
public readonly record struct StoredFill(
    int MarketId,
    long TradeId,
    long OrderId,
    Side Side,
    long Price,
    long Quantity,
    long QuoteQuantity,
    long Commission,
    int CommissionAssetId,
    bool IsMaker,
    long Time,
    long Sequence);
