namespace Bourse.Core.Model;

/// <summary>Order states, named as in the Binance Spot API. Persisted: values are frozen.</summary>
public enum OrderStatus : byte
{
    New = 1,
    PartiallyFilled = 2,
    Filled = 3,
    Canceled = 4,
    Rejected = 5,
    Expired = 6,
    /// <summary>Expired by self-trade prevention.</summary>
    ExpiredInMatch = 7,
    /// <summary>A stop order waiting for its trigger price.</summary>
    PendingTrigger = 8,
}
