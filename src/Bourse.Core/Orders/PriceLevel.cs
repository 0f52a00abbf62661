namespace Bourse.Core.Orders;

/// <summary>The orders resting at one price, oldest first (time priority).</summary>
public sealed class PriceLevel
{
    public long Price { get; internal set; }
    /// <summary>Displayed quantity: what market data shows at this price.</summary>
    public long VisibleQuantity { get; internal set; }
    /// <summary>Everything that would trade at this price, including iceberg reserves.</summary>
    public long TotalQuantity { get; internal set; }
    public int OrderCount { get; internal set; }

    /// <summary>Sequence of the last command that changed it: lets the core report each level once per command.</summary>
    internal long TouchedBy;

    internal Order? Head;
    internal Order? Tail;

    public Order? First => Head;

    internal void Append(Order order)
    {
        order.Level = this;
        order.Next = null;
        order.Previous = Tail;
        if (Tail is null)
        {
            Head = order;
        }
        else
        {
            Tail.Next = order;
        }

        Tail = order;
        OrderCount++;
        VisibleQuantity += order.VisibleRemaining;
        TotalQuantity += order.Remaining;
    }

    internal void Remove(Order order)
    {
        if (order.Previous is null)
        {
            Head = order.Next;
        }
        else
        {
            order.Previous.Next = order.Next;
        }

        if (order.Next is null)
        {
            Tail = order.Previous;
        }
        else
        {
            order.Next.Previous = order.Previous;
        }

        OrderCount--;
        VisibleQuantity -= order.VisibleRemaining;
        TotalQuantity -= order.Remaining;
        order.Previous = order.Next = null;
        order.Level = null;
    }

    /// <summary>Orders at this price in time priority.</summary>
    public IEnumerable<Order> Orders
    {
        get
        {
            for (var order = Head; order is not null; order = order.Next)
            {
                yield return order;
            }
        }
    }
}
