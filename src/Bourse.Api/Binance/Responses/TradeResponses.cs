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

/// <summary>Builds trade answers from fill events (OrderPartiallyFilled / OrderFilled), which carry one side's view of a trade.</summary>
public static class TradeResponses
{
    public static MyTradeResponse MyTrade(in Event fill, BinanceMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (fill.Type is not (EventType.OrderPartiallyFilled or EventType.OrderFilled))
        {
            throw new ArgumentException($"A {fill.Type} event is not a fill.", nameof(fill));
        }

        return new MyTradeResponse
        {
            Symbol = market.Symbol,
            Id = fill.TradeId,
            OrderId = fill.OrderId,
            Price = market.FormatPrice(fill.LastPrice),
            Qty = market.FormatQuantity(fill.LastQuantity),
            QuoteQty = market.FormatQuote(fill.LastQuote),
            Commission = market.FormatAmount(fill.CommissionAssetId, fill.Commission),
            CommissionAsset = market.AssetOf(fill.CommissionAssetId).Code,
            Time = fill.Timestamp,
            IsBuyer = fill.Side == Side.Buy,
            IsMaker = fill.IsMaker,
        };
    }
}
