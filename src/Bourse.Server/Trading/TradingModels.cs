using System.Text.Json.Serialization;

namespace Bourse.Server.Trading;

// Request and response bodies of the /api/v1 trading endpoints. Amounts are decimal strings padded to the asset's
// scale (as on /api/v3), never JSON numbers, so no client rounds them through a double. Every request field is
// nullable: a missing field is answered with a problem naming it, never a binding exception.

/// <summary>
/// POST /api/v1/orders. The same fields and rules as Binance's POST /api/v3/order (see docs/api.md), spelled out:
/// <c>quoteQuantity</c> is <c>quoteOrderQty</c>, <c>icebergQuantity</c> is <c>icebergQty</c>, <c>clientOrderId</c>
/// is <c>newClientOrderId</c>, <c>selfTradePrevention</c> is <c>selfTradePreventionMode</c>. An unknown field is
/// refused, as /api/v3 refuses an unknown parameter: a misspelt <c>icebergQuantity</c> must not place a plain order.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PlaceOrderRequest(
    string? Symbol,
    string? Side,
    string? Type,
    string? TimeInForce,
    string? Quantity,
    string? QuoteQuantity,
    string? Price,
    string? StopPrice,
    string? IcebergQuantity,
    string? ClientOrderId,
    string? SelfTradePrevention);

/// <summary>An order as the platform API shows it. <see cref="Fills"/> is only on the answer to placing it.</summary>
public sealed record PlatformOrder
{
    public required long OrderId { get; init; }

    public required string Symbol { get; init; }

    public required string ClientOrderId { get; init; }

    public required string Side { get; init; }

    public required string Type { get; init; }

    public required string TimeInForce { get; init; }

    /// <summary>NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, EXPIRED_IN_MATCH, PENDING_NEW (a stop order waiting).</summary>
    public required string Status { get; init; }

    public required string Price { get; init; }

    public required string Quantity { get; init; }

    public required string ExecutedQuantity { get; init; }

    /// <summary>The quote amount the order has bought or sold for so far.</summary>
    public required string ExecutedQuoteQuantity { get; init; }

    /// <summary>A market order by quote amount: that amount; otherwise zero.</summary>
    public required string QuoteQuantity { get; init; }

    public string? StopPrice { get; init; }

    public string? IcebergQuantity { get; init; }

    public required string SelfTradePrevention { get; init; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long? CreatedAt { get; init; }

    public long? UpdatedAt { get; init; }

    public IReadOnlyList<PlatformFill>? Fills { get; init; }
}

/// <summary>One fill of a just-placed order: the trade's price and quantity and the commission this order paid.</summary>
public sealed record PlatformFill(long TradeId, string Price, string Quantity, string Commission, string CommissionAsset);

/// <summary>One of the user's trades (their side of it).</summary>
public sealed record PlatformTrade(
    long TradeId,
    long OrderId,
    string Symbol,
    string Side,
    string Price,
    string Quantity,
    string QuoteQuantity,
    string Commission,
    string CommissionAsset,
    bool Maker,
    long Time);

public sealed record PlatformBalance(string Asset, string Free, string Locked, string Staked);

/// <summary>A page of history, newest first; <see cref="NextCursor"/> fetches the next (older) page and is null on the last.</summary>
public sealed record OrderPage(IReadOnlyList<PlatformOrder> Orders, string? NextCursor);

/// <inheritdoc cref="OrderPage"/>
public sealed record TradePage(IReadOnlyList<PlatformTrade> Trades, string? NextCursor);
