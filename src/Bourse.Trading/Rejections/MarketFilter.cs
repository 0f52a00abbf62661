namespace Bourse.Trading;

/// <summary>The market filters an order can fail (Binance's PRICE_FILTER, LOT_SIZE, NOTIONAL, MAX_NUM_ORDERS, ICEBERG_PARTS).</summary>
public enum MarketFilter
{
    /// <summary>Price (or stop price) off the tick size or outside the market's price range.</summary>
    Price,
    /// <summary>Quantity off the lot size or outside the market's quantity range.</summary>
    LotSize,
    /// <summary>Price × quantity (or a quote amount) outside the market's notional range.</summary>
    Notional,
    /// <summary>Too many open orders for one user.</summary>
    MaxNumOrders,
    /// <summary>An iceberg slice off the lot size, too small, or cut into too many parts.</summary>
    IcebergParts,
}
