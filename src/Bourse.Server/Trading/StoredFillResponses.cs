using Bourse.Api.Binance;
using Bourse.Store;

namespace Bourse.Server.Trading;

/// <summary>A stored fill in the Binance shape both trade-history endpoints build on.</summary>
internal static class StoredFillResponses
{
    public static MyTradeResponse MyTrade(StoredFill fill, BinanceMarket market) =>
        TradeResponses.MyTrade(market, fill.TradeId, fill.OrderId, fill.Side, fill.Price, fill.Quantity, fill.QuoteQuantity, fill.Commission,
            fill.CommissionAssetId, fill.IsMaker, fill.Time);
}
