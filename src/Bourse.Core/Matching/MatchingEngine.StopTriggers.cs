using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Core.Matching;

// Stop-limit and take-profit-limit orders wake when the last trade price reaches their stop price.
internal sealed partial class MatchingEngine
{
    private bool CanFillCompletely(Market market, Orders.Order order)
    {
        WalkLiquidity(market, order.Side, order.Price, order.UserId, order.SelfTradePrevention, order.Remaining, 0, out var fillable, out _);
        return fillable >= order.Remaining;
    }

    /// <summary>
    /// Activates every stop order the last price has reached, one at a time in trigger order. Each may trade and
    /// move the price, triggering more: the cascade resolves within the command that started it.
    /// </summary>
    public void TriggerStops(Market market)
    {
        if (market.StopOrders.Count == 0 || market.LastPrice == 0)
        {
            return;
        }

        while (market.StopOrders.NextTriggered(market.LastPrice) is { } order)
        {
            market.StopOrders.Remove(order);
            order.IsPendingTrigger = false;
            order.WorkingTime = _scope.Timestamp;
            EmitOrder(EventType.OrderTriggered, order, OrderStatus.New);
            if (order.TimeInForce == TimeInForce.Fok && !CanFillCompletely(market, order))
            {
                // Fill-or-kill means no partial fill at trigger time either.
                Finish(market, order, order.Owner!, registered: true, OrderStatus.Expired, 0);
                continue;
            }

            Execute(market, order, order.Owner!, registered: true);
        }
    }
}
