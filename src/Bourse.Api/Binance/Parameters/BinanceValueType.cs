namespace Bourse.Api.Binance;

/// <summary>How a Binance parameter is written on the wire, for its OpenAPI schema.</summary>
public enum BinanceValueType
{
    String,

    /// <summary>A JSON-number-like integer: ids, counts, epoch milliseconds.</summary>
    Integer,

    /// <summary>A decimal string such as <c>0.10000000</c>: prices, quantities, amounts.</summary>
    Decimal,

    Boolean,
}
