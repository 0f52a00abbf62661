using Bourse.Core.Model;

namespace Bourse.Trading;

/// <summary>
/// An order as the engine's events leave it, in the core's units (prices and amounts as integers of the asset's
/// smallest unit): what every protocol formats its order answers from, each in its own wire format.
/// </summary>
public sealed record OrderReport
{
    public required long OrderId { get; init; }

    public required int MarketId { get; init; }

    /// <summary>The client order id the order carries; null when the events do not name one.</summary>
    public required string? ClientOrderId { get; init; }

    public required Side Side { get; init; }

    public required OrderType Type { get; init; }

    public required TimeInForce TimeInForce { get; init; }

    /// <summary>The status to report: a fill-or-kill the core refused as unfillable is <see cref="OrderStatus.Expired"/>.</summary>
    public required OrderStatus Status { get; init; }

    public required long Price { get; init; }

    /// <summary>The quantity asked for; for a market order by quote amount, what it bought or sold (it had none before).</summary>
    public required long OriginalQuantity { get; init; }

    public required long ExecutedQuantity { get; init; }

    /// <summary>The quote amount bought or sold for so far.</summary>
    public required long CumulativeQuote { get; init; }

    /// <summary>A market order by quote amount: that amount; otherwise zero.</summary>
    public required long QuoteQuantity { get; init; }

    /// <summary>The trigger price of a stop order; null for other orders.</summary>
    public required long? StopPrice { get; init; }

    /// <summary>The visible part of an iceberg order; zero for a plain order.</summary>
    public required long IcebergQuantity { get; init; }

    public required SelfTradePrevention SelfTradePrevention { get; init; }

    /// <summary>When the order was placed (milliseconds since the Unix epoch).</summary>
    public required long CreatedAt { get; init; }

    /// <summary>When its latest change happened.</summary>
    public required long UpdatedAt { get; init; }

    /// <summary>When it began to work on the book; -1 while it has not (a stop order waiting for its trigger).</summary>
    public required long WorkingTime { get; init; }

    /// <summary>Set when self-trade prevention expired the order: an id unique to the match it prevented.</summary>
    public required long? PreventedMatchId { get; init; }

    /// <summary>The quantity self-trade prevention kept from trading.</summary>
    public required long PreventedQuantity { get; init; }

    /// <summary>The fills of the command that placed the order (empty for an order read back later).</summary>
    public IReadOnlyList<FillReport> Fills { get; init; } = [];
}

/// <summary>One fill of an order: the trade, its price and quantity, and the commission this order paid.</summary>
public readonly record struct FillReport(long TradeId, long Price, long Quantity, long Commission, int CommissionAssetId);

/// <summary>
/// What the events of an order-placing command say: the new order, or the reason it was refused (a fill-or-kill that
/// cannot fill is no refusal: it is an order, expired at once, as exchanges report it); neither when the events do
/// not tell. <see cref="TransactTime"/> is when the command placed or refused it.
/// </summary>
public readonly record struct PlacedOrder(OrderReport? Order, RejectReason? Refused, long TransactTime);
