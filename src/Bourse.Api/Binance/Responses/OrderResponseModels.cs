using System.Text.Json.Serialization;

namespace Bourse.Api.Binance;

/// <summary>
/// POST /order's answer. ACK fills the first five fields; RESULT adds the order's state; FULL adds <see cref="Fills"/>.
/// Fields left null are not written. Amounts are decimal strings padded to the asset's scale.
/// </summary>
public sealed record NewOrderResponse
{
    public required string Symbol { get; init; }

    public required long OrderId { get; init; }

    public long OrderListId { get; init; } = -1;

    public required string ClientOrderId { get; init; }

    public required long TransactTime { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Price { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OrigQty { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExecutedQty { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OrigQuoteOrderQty { get; init; }

    /// <summary>Binance's spelling, which every client expects.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CummulativeQuoteQty { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeInForce { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Side { get; init; }

    /// <summary>Only on stop orders.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopPrice { get; init; }

    /// <summary>Only when <c>icebergQty</c> was sent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IcebergQty { get; init; }

    /// <summary>When the order started working; -1 for a stop order still waiting.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? WorkingTime { get; init; }

    /// <summary>Only when self-trade prevention expired the order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PreventedMatchId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PreventedQuantity { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SelfTradePreventionMode { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<OrderFill>? Fills { get; init; }
}

/// <summary>One fill of a FULL response: price and quantity of the trade, and the commission this order paid.</summary>
public sealed record OrderFill(string Price, string Qty, string Commission, string CommissionAsset, long TradeId);

/// <summary>DELETE /order's answer, and each element of DELETE /openOrders'.</summary>
public sealed record CancelOrderResponse
{
    public required string Symbol { get; init; }

    public required string OrigClientOrderId { get; init; }

    public required long OrderId { get; init; }

    public long OrderListId { get; init; } = -1;

    /// <summary>The cancel's own id (<c>newClientOrderId</c>, or generated).</summary>
    public required string ClientOrderId { get; init; }

    public required long TransactTime { get; init; }

    public required string Price { get; init; }

    public required string OrigQty { get; init; }

    public required string ExecutedQty { get; init; }

    public required string OrigQuoteOrderQty { get; init; }

    public required string CummulativeQuoteQty { get; init; }

    public required string Status { get; init; }

    public required string TimeInForce { get; init; }

    public required string Type { get; init; }

    public required string Side { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopPrice { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IcebergQty { get; init; }

    public required string SelfTradePreventionMode { get; init; }
}

/// <summary>GET /order's answer and each element of GET /openOrders and /allOrders.</summary>
public sealed record OrderQueryResponse
{
    public required string Symbol { get; init; }

    public required long OrderId { get; init; }

    public long OrderListId { get; init; } = -1;

    public required string ClientOrderId { get; init; }

    public required string Price { get; init; }

    public required string OrigQty { get; init; }

    public required string ExecutedQty { get; init; }

    public required string CummulativeQuoteQty { get; init; }

    public required string Status { get; init; }

    public required string TimeInForce { get; init; }

    public required string Type { get; init; }

    public required string Side { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopPrice { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IcebergQty { get; init; }

    public required long Time { get; init; }

    public required long UpdateTime { get; init; }

    public required bool IsWorking { get; init; }

    public required long WorkingTime { get; init; }

    public required string OrigQuoteOrderQty { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PreventedMatchId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PreventedQuantity { get; init; }

    public required string SelfTradePreventionMode { get; init; }
}

/// <summary>
/// POST /order/cancelReplace's answer; on failure the same object is the error's <c>data</c>. Each response is an
/// order object or a <see cref="BinanceError"/>; <see cref="NewOrderResponse"/> is null when it was not attempted.
/// </summary>
public sealed record CancelReplaceResponse(string CancelResult, string NewOrderResult, object CancelResponse, object? NewOrderResponse)
{
    public const string Success = "SUCCESS";
    public const string Failure = "FAILURE";
    public const string NotAttempted = "NOT_ATTEMPTED";
}
