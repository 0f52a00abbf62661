namespace Bourse.Trading;

/// <summary>The fields of trading requests a rejection can name; each protocol spells them its own way.</summary>
public enum OrderField
{
    Symbol,
    Side,
    Type,
    TimeInForce,
    Quantity,
    QuoteQuantity,
    Price,
    StopPrice,
    IcebergQuantity,
    /// <summary>The new order's client id.</summary>
    ClientOrderId,
    SelfTradePrevention,
    /// <summary>The id of the order a cancel or query names.</summary>
    OrderId,
    /// <summary>The client id of the order a cancel or query names.</summary>
    OrigClientOrderId,
    /// <summary>The id of the order a cancel-replace cancels.</summary>
    CancelOrderId,
    /// <summary>The client id of the order a cancel-replace cancels.</summary>
    CancelOrigClientOrderId,
}
