namespace Bourse.Server.Views;

/// <summary>One side of one trade, from the user's fill event (Binance's myTrades row).</summary>
public sealed record TradeView(int MarketId, long TradeId, long OrderId, long Price, long Quantity, long Quote, long Commission,
    int CommissionAssetId, long Time, bool IsBuyer, bool IsMaker);
