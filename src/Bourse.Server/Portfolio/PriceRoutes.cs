using Bourse.Server.Views;

namespace Bourse.Server.Portfolio;

/// <summary>
/// The price of one asset in another through the listed markets: a direct market either way round (the inverse of
/// its price when the asset is the quote), else through one intermediate asset (e.g. ETH → BTC → USDT). Among several
/// routes the one through the lowest market id wins, so the answer is deterministic. The market prices come from the
/// caller: live (books, last trades) or as of a moment in history.
/// </summary>
public static class PriceRoutes
{
    /// <param name="marketPrice">A market's price in whole quote units per whole base unit, or null when it has none.</param>
    /// <returns>Whole <paramref name="quoteAssetId"/> units per whole <paramref name="assetId"/> unit; null when no route has prices.</returns>
    public static decimal? Price(IReadOnlyList<MarketInfo> markets, int assetId, int quoteAssetId, Func<MarketInfo, decimal?> marketPrice)
    {
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(marketPrice);
        if (assetId == quoteAssetId)
        {
            return 1m;
        }

        if (Direct(markets, assetId, quoteAssetId, marketPrice) is { } direct)
        {
            return direct;
        }

        foreach (var market in markets.OrderBy(m => m.Spec.Id))
        {
            var other = market.Base.Id == assetId ? market.Quote.Id : market.Quote.Id == assetId ? market.Base.Id : -1;
            if (other < 0 || other == quoteAssetId || Rate(market, assetId, marketPrice) is not { } first)
            {
                continue;
            }

            if (Direct(markets, other, quoteAssetId, marketPrice) is { } second)
            {
                return first * second;
            }
        }

        return null;
    }

    private static decimal? Direct(IReadOnlyList<MarketInfo> markets, int assetId, int quoteAssetId, Func<MarketInfo, decimal?> marketPrice) =>
        markets.Where(m => (m.Base.Id == assetId && m.Quote.Id == quoteAssetId) || (m.Base.Id == quoteAssetId && m.Quote.Id == assetId))
            .OrderBy(m => m.Spec.Id)
            .Select(m => Rate(m, assetId, marketPrice))
            .FirstOrDefault(rate => rate is not null);

    /// <summary>Whole units of the market's other asset per whole unit of <paramref name="fromAssetId"/>.</summary>
    private static decimal? Rate(MarketInfo market, int fromAssetId, Func<MarketInfo, decimal?> marketPrice) =>
        marketPrice(market) is { } price and > 0 ? (market.Base.Id == fromAssetId ? price : 1m / price) : null;
}
