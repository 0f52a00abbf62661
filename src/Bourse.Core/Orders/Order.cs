using Bourse.Core.Accounts;
using Bourse.Core.Model;

namespace Bourse.Core.Orders;

/// <summary>
/// An open order. Instances are pooled and linked intrusively into their price level and their owner's open-order
/// list, so resting and removing orders allocates nothing. Public members are read-only views for queries.
/// </summary>
public sealed class Order
{
    public long Id { get; internal set; }
    public long UserId { get; internal set; }
    public int MarketId { get; internal set; }
    public string? ClientOrderId { get; internal set; }
    public Side Side { get; internal set; }
    public OrderType Type { get; internal set; }
    public TimeInForce TimeInForce { get; internal set; }
    public SelfTradePrevention SelfTradePrevention { get; internal set; }
    public long Price { get; internal set; }
    public long Quantity { get; internal set; }
    public long StopPrice { get; internal set; }
    /// <summary>Market orders by quote amount: the quote to spend (buy) or raise (sell); 0 otherwise.</summary>
    public long QuoteQuantity { get; internal set; }
    /// <summary>Iceberg display size; 0 for an ordinary order.</summary>
    public long IcebergQuantity { get; internal set; }
    public long ExecutedQuantity { get; internal set; }
    public long CumulativeQuote { get; internal set; }
    /// <summary>What is still locked for this order, in the asset it pays with.</summary>
    public long Reserved { get; internal set; }
    /// <summary>Iceberg: quantity left in the displayed slice. Otherwise equal to <see cref="Remaining"/>.</summary>
    public long VisibleRemaining { get; internal set; }
    public long CreatedAt { get; internal set; }
    /// <summary>When the order started working: placement, or the trigger for a stop order (Binance's workingTime).</summary>
    public long WorkingTime { get; internal set; }
    /// <summary>Whether a stop order is still waiting for its trigger.</summary>
    public bool IsPendingTrigger { get; internal set; }

    public long Remaining => Quantity - ExecutedQuantity;

    public OrderStatus Status =>
        IsPendingTrigger ? OrderStatus.PendingTrigger
        : ExecutedQuantity > 0 ? OrderStatus.PartiallyFilled
        : OrderStatus.New;

    /// <summary>A convert's taker: it trades like a market order but reports through the convert, not as an order.</summary>
    internal bool IsConvertLeg;

    internal Account? Owner;
    internal PriceLevel? Level;
    internal Order? Previous;
    internal Order? Next;
    internal Order? UserPrevious;
    internal Order? UserNext;

    internal void Reset()
    {
        ClientOrderId = null;
        Owner = null;
        Level = null;
        Previous = Next = UserPrevious = UserNext = null;
        IsPendingTrigger = false;
        IsConvertLeg = false;
        ExecutedQuantity = CumulativeQuote = Reserved = VisibleRemaining = 0;
        IcebergQuantity = StopPrice = QuoteQuantity = WorkingTime = 0;
    }
}
