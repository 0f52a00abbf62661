using Bourse.MarketData;
using Bourse.Server.Views;

namespace Bourse.Server.Portfolio;

/// <summary>
/// Current prices from the live market data: a market's price is the mid of its best bid and ask when both sides have
/// orders (one trade cannot move it, unlike the last price), else its last trade price, else it has none.
/// </summary>
public sealed class LivePrices(MarketDataStore marketData, ReferenceDataView reference)
{
    /// <summary>Whole quote units per whole unit of the asset; null when no route through the markets has a price.</summary>
    public decimal? Price(int assetId, int quoteAssetId) => PriceRoutes.Price(reference.Markets, assetId, quoteAssetId, MarketPrice);

    /// <summary>The market's live price in whole quote units per whole base unit, or null.</summary>
    public decimal? MarketPrice(MarketInfo market)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (marketData.GetMarket(market.Spec.Id) is not { } view)
        {
            return null;
        }

        var book = view.GetBookTicker();
        var scale = market.Quote.Scale;
        if (book.BidPrice > 0 && book.AskPrice > 0)
        {
            return (Units.Whole(book.BidPrice, scale) + Units.Whole(book.AskPrice, scale)) / 2;
        }

        return view.LastPrice > 0 ? Units.Whole(view.LastPrice, scale) : null;
    }
}
