using System.Text.Json.Serialization;

namespace Bourse.Api.Binance;

/// <summary>
/// An order update on the user data stream. Field letters are Binance's; amounts are decimal strings. <see cref="N"/>
/// (commission asset) is written as null when nothing was charged.
/// </summary>
public sealed record ExecutionReport
{
    [JsonPropertyName("e")]
    public string EventType { get; init; } = "executionReport";

    [JsonPropertyName("E")]
    public required long EventTime { get; init; }

    [JsonPropertyName("s")]
    public required string Symbol { get; init; }

    [JsonPropertyName("c")]
    public required string ClientOrderId { get; init; }

    [JsonPropertyName("S")]
    public required string Side { get; init; }

    [JsonPropertyName("o")]
    public required string OrderType { get; init; }

    [JsonPropertyName("f")]
    public required string TimeInForce { get; init; }

    [JsonPropertyName("q")]
    public required string Quantity { get; init; }

    [JsonPropertyName("p")]
    public required string Price { get; init; }

    [JsonPropertyName("P")]
    public required string StopPrice { get; init; }

    [JsonPropertyName("F")]
    public required string IcebergQuantity { get; init; }

    [JsonPropertyName("g")]
    public long OrderListId { get; init; } = -1;

    /// <summary>The canceled order's client id on a cancel; empty otherwise.</summary>
    [JsonPropertyName("C")]
    public required string OriginalClientOrderId { get; init; }

    /// <summary>NEW, CANCELED, REPLACED, REJECTED, TRADE, EXPIRED or TRADE_PREVENTION.</summary>
    [JsonPropertyName("x")]
    public required string ExecutionType { get; init; }

    [JsonPropertyName("X")]
    public required string OrderStatus { get; init; }

    [JsonPropertyName("r")]
    public string RejectReason { get; init; } = "NONE";

    [JsonPropertyName("i")]
    public required long OrderId { get; init; }

    [JsonPropertyName("l")]
    public required string LastExecutedQuantity { get; init; }

    [JsonPropertyName("z")]
    public required string CumulativeFilledQuantity { get; init; }

    [JsonPropertyName("L")]
    public required string LastExecutedPrice { get; init; }

    [JsonPropertyName("n")]
    public required string Commission { get; init; }

    [JsonPropertyName("N")]
    public required string? CommissionAsset { get; init; }

    [JsonPropertyName("T")]
    public required long TransactionTime { get; init; }

    [JsonPropertyName("t")]
    public required long TradeId { get; init; }

    [JsonPropertyName("v"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PreventedMatchId { get; init; }

    [JsonPropertyName("I")]
    public required long ExecutionId { get; init; }

    [JsonPropertyName("w")]
    public required bool IsOnBook { get; init; }

    [JsonPropertyName("m")]
    public required bool IsMaker { get; init; }

    [JsonPropertyName("M")]
    public bool Ignore { get; init; }

    [JsonPropertyName("O")]
    public required long CreationTime { get; init; }

    [JsonPropertyName("Z")]
    public required string CumulativeQuoteQuantity { get; init; }

    [JsonPropertyName("Y")]
    public required string LastQuoteQuantity { get; init; }

    [JsonPropertyName("Q")]
    public required string QuoteOrderQuantity { get; init; }

    /// <summary>Only once the order is working.</summary>
    [JsonPropertyName("W"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? WorkingTime { get; init; }

    [JsonPropertyName("V")]
    public required string SelfTradePreventionMode { get; init; }

    /// <summary>Self-trade prevention: the quantity prevented (total and in this event) and the other order.</summary>
    [JsonPropertyName("A"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PreventedQuantity { get; init; }

    [JsonPropertyName("B"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastPreventedQuantity { get; init; }

    [JsonPropertyName("U"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CounterOrderId { get; init; }
}

/// <summary>The balances a command changed, after the change.</summary>
public sealed record OutboundAccountPosition(
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("u")] long LastUpdateTime,
    [property: JsonPropertyName("B")] IReadOnlyList<PositionBalance> Balances)
{
    [JsonPropertyName("e"), JsonPropertyOrder(-1)]
    public string EventType { get; init; } = "outboundAccountPosition";
}

public sealed record PositionBalance(
    [property: JsonPropertyName("a")] string Asset,
    [property: JsonPropertyName("f")] string Free,
    [property: JsonPropertyName("l")] string Locked);

/// <summary>A deposit, withdrawal or transfer: the change of the free balance.</summary>
public sealed record BalanceUpdate(
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("a")] string Asset,
    [property: JsonPropertyName("d")] string Delta,
    [property: JsonPropertyName("T")] long ClearTime)
{
    [JsonPropertyName("e"), JsonPropertyOrder(-1)]
    public string EventType { get; init; } = "balanceUpdate";
}
