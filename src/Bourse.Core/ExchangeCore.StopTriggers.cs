using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Core;

// Stop-limit and take-profit-limit orders wake when the last trade price reaches their stop price.
public sealed partial class ExchangeCore
{
    /// <summary>
    /// Activates every stop order the last price has reached, one at a time in trigger order. Each may trade and
    /// move the price, triggering more: the cascade resolves within the command that started it.
    /// </summary>
    private void TriggerStops(Market market)
    {
        if (market.StopOrders.Count == 0 || market.LastPrice == 0)
        {
            return;
        }

        while (market.StopOrders.NextTriggered(market.LastPrice) is { } order)
        {
            market.StopOrders.Remove(order);
            order.IsPendingTrigger = false;
            order.WorkingTime = _timestamp;
            EmitOrder(EventType.OrderTriggered, order, OrderStatus.New);
            Execute(market, order, order.Owner!, registered: true);
        }
    }
}
