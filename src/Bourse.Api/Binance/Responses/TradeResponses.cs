using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Api.Binance;

/// <summary>One element of GET /myTrades: a fill of one of the user's orders.</summary>
public sealed record MyTradeResponse
{
    public required string Symbol { get; init; }

    public required long Id { get; init; }

    public required long OrderId { get; init; }

    public long OrderListId { get; init; } = -1;

    public required string Price { get; init; }

    public required string Qty { get; init; }

    public required string QuoteQty { get; init; }

    public required string Commission { get; init; }

    public required string CommissionAsset { get; init; }

    public required long Time { get; init; }

    public required bool IsBuyer { get; init; }

    public required bool IsMaker { get; init; }

    public bool IsBestMatch { get; init; } = true;
}

/// <summary>Builds trade answers from fills, one side's view of a trade: a fill event (OrderPartiallyFilled / OrderFilled) or its stored row.</summary>
public static class TradeResponses
{
    public static MyTradeResponse MyTrade(in Event fill, BinanceMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (fill.Type is not (EventType.OrderPartiallyFilled or EventType.OrderFilled))
        {
            throw new ArgumentException($"A {fill.Type} event is not a fill.", nameof(fill));
        }

        return MyTrade(market, fill.TradeId, fill.OrderId, fill.Side, fill.LastPrice, fill.LastQuantity, fill.LastQuote, fill.Commission,
            fill.CommissionAssetId, fill.IsMaker, fill.Timestamp);
    }

    /// <summary>A fill as history keeps it: amounts in the smallest units, the commission in its own asset.</summary>
    public static MyTradeResponse MyTrade(BinanceMarket market, long tradeId, long orderId, Side side, long price, long quantity, long quoteQuantity,
        long commission, int commissionAssetId, bool isMaker, long time)
    {
        ArgumentNullException.ThrowIfNull(market);
        return new MyTradeResponse
        {
            Symbol = market.Symbol,
            Id = tradeId,
            OrderId = orderId,
            Price = market.FormatPrice(price),
            Qty = market.FormatQuantity(quantity),
            QuoteQty = market.FormatQuote(quoteQuantity),
            Commission = market.FormatAmount(commissionAssetId, commission),
            CommissionAsset = market.AssetOf(commissionAssetId).Code,
            Time = time,
            IsBuyer = side == Side.Buy,
            IsMaker = isMaker,
        };
    }
}
