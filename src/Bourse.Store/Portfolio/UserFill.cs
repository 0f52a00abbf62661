using Bourse.Core.Model;

namespace Bourse.Store.Portfolio;

/// <summary>
/// One of a user's fills in any market (their side of a trade), as cost accounting reads it. Quantity in the base
/// asset's smallest unit, price and quote quantity in the quote asset's; commission in its own asset.
/// </summary>
public sealed record UserFill(
    int MarketId,
    long TradeId,
    Side Side,
    long Price,
    long Quantity,
    long QuoteQuantity,
    long Commission,
    int CommissionAssetId,
    long Time,
    long Sequence);
