using Bourse.Core.Model;

namespace Bourse.Core.Orders;

/// <summary>
/// Stop orders of one market waiting for the last trade price. Orders that trigger on a rise are kept lowest stop
/// first, those that trigger on a fall highest stop first, ties by order id, so the next one to trigger is always at
/// the front and a cascade resolves in the same order on every replay.
/// </summary>
public sealed class StopOrders
{
    private readonly List<Order> _onRise = [];
    private readonly List<Order> _onFall = [];

    public int Count => _onRise.Count + _onFall.Count;

    /// <summary>Buy stop-loss and sell take-profit trigger when the price rises to the stop.</summary>
    public static bool TriggersOnRise(Side side, OrderType type) =>
        (side == Side.Buy) == (type == OrderType.StopLossLimit);

    public static bool IsTriggered(Side side, OrderType type, long stopPrice, long lastPrice) =>
        TriggersOnRise(side, type) ? lastPrice >= stopPrice : lastPrice <= stopPrice;

    internal void Add(Order order)
    {
        var rise = TriggersOnRise(order.Side, order.Type);
        var list = rise ? _onRise : _onFall;
        var low = 0;
        var high = list.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (ComesBefore(list[mid], order, rise))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        list.Insert(low, order);
    }

    internal void Remove(Order order)
    {
        var list = TriggersOnRise(order.Side, order.Type) ? _onRise : _onFall;
        list.Remove(order);
    }

    /// <summary>The earliest-placed order that <paramref name="lastPrice"/> triggers, or null.</summary>
    internal Order? NextTriggered(long lastPrice)
    {
        Order? rise = _onRise.Count > 0 && _onRise[0].StopPrice <= lastPrice ? _onRise[0] : null;
        Order? fall = _onFall.Count > 0 && _onFall[0].StopPrice >= lastPrice ? _onFall[0] : null;
        if (rise is null)
        {
            return fall;
        }

        return fall is null || rise.Id < fall.Id ? rise : fall;
    }

    private static bool ComesBefore(Order a, Order b, bool rise)
    {
        if (a.StopPrice != b.StopPrice)
        {
            return rise ? a.StopPrice < b.StopPrice : a.StopPrice > b.StopPrice;
        }

        return a.Id < b.Id;
    }

    /// <summary>Waiting orders, rise-triggered first, each list in trigger order.</summary>
    public IEnumerable<Order> Orders => _onRise.Concat(_onFall);
}
