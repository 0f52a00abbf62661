namespace Bourse.Core.Model;

/// <summary>Order types, named as in the Binance Spot API. Persisted: values are frozen.</summary>
public enum OrderType : byte
{
    Limit = 1,
    Market = 2,
    /// <summary>Post-only: rejected if any part of it would take liquidity.</summary>
    LimitMaker = 3,
    /// <summary>Becomes a limit order when the last trade price reaches the stop price against the holder.</summary>
    StopLossLimit = 4,
    /// <summary>Becomes a limit order when the last trade price reaches the stop price in the holder's favour.</summary>
    TakeProfitLimit = 5,
}
