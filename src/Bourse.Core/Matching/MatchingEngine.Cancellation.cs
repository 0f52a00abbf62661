using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core.Matching;

// Canceling one order, all of a user's orders in a market, or canceling and replacing in one step.
internal sealed partial class MatchingEngine
{
    public void CancelOrder(in Command command)
    {
        var reason = TryCancel(in command);
        if (reason != RejectReason.None)
        {
            RejectCancel(in command, reason);
        }
    }

    public void CancelAllOrders(in Command command)
    {
        var market = _referenceData.GetMarket(command.MarketId);
        var account = _ledger.Find(command.UserId);
        var reason = market is null ? RejectReason.UnknownMarket
            : market.Status == MarketStatus.Halted ? RejectReason.MarketNotTrading
            : RejectReason.None;
        if (reason != RejectReason.None)
        {
            RejectCancel(in command, reason);
            return;
        }

        var canceled = 0;
        var order = account?.FirstOpenOrder;
        while (order is not null)
        {
            var next = order.UserNext;
            if (order.MarketId == command.MarketId)
            {
                Close(market!, order, account!, EventType.OrderCanceled, OrderStatus.Canceled);
                canceled++;
            }

            order = next;
        }

        if (canceled == 0)
        {
            RejectCancel(in command, RejectReason.UnknownOrder);
        }
    }

    /// <summary>
    /// Delists a market: cancels every open order in it (resting, or waiting for its trigger), oldest first, each
    /// returning its reservation, then closes the market for good. Whatever the market's status, halted included.
    /// </summary>
    public void DelistMarket(in Command command)
    {
        var market = _referenceData.GetMarket(command.MarketId);
        if (market is null)
        {
            _scope.Reject(in command, RejectReason.UnknownMarket);
            return;
        }

        if (market.Status == MarketStatus.Delisted)
        {
            _scope.Reject(in command, RejectReason.MarketDelisted);
            return;
        }

        // Sorted by id: the dictionary's order after a snapshot load differs from the live run's.
        var orders = _openOrders.Values.Where(o => o.MarketId == market.Id).OrderBy(o => o.Id).ToList();
        foreach (var order in orders)
        {
            Close(market, order, order.Owner!, EventType.OrderCanceled, OrderStatus.Canceled);
        }

        _referenceData.MarkDelisted(market);
    }

    /// <summary>
    /// Cancels the target, then places the new order. If the cancel fails the new order is placed only when the
    /// command allows it (Binance's ALLOW_FAILURE); otherwise nothing changes.
    /// </summary>
    public void CancelReplaceOrder(in Command command)
    {
        var reason = TryCancel(in command);
        if (reason != RejectReason.None)
        {
            RejectCancel(in command, reason);
            if (!command.AllowCancelFailure)
            {
                return;
            }
        }

        PlaceOrder(in command);
    }

    private RejectReason TryCancel(in Command command)
    {
        var market = _referenceData.GetMarket(command.MarketId);
        if (market is null)
        {
            return RejectReason.UnknownMarket;
        }

        if (market.Status == MarketStatus.Halted)
        {
            return RejectReason.MarketNotTrading;
        }

        var order = FindOpenOrder(in command);
        if (order is null || order.UserId != command.UserId || order.MarketId != command.MarketId)
        {
            return RejectReason.UnknownOrder;
        }

        Close(market, order, order.Owner!, EventType.OrderCanceled, OrderStatus.Canceled);
        return RejectReason.None;
    }

    private Order? FindOpenOrder(in Command command)
    {
        if (command.TargetOrderId != 0)
        {
            return _openOrders.GetValueOrDefault(command.TargetOrderId);
        }

        return command.TargetClientOrderId is { } clientOrderId
            ? _openOrdersByClientId.GetValueOrDefault(new ClientOrderKey(command.UserId, clientOrderId))
            : null;
    }

    private void RejectCancel(in Command command, RejectReason reason)
    {
        ref var e = ref _scope.Emit(EventType.CommandRejected);
        e.Reason = reason;
        e.UserId = command.UserId;
        e.MarketId = command.MarketId;
        e.OrderId = command.TargetOrderId;
        e.ClientOrderId = command.TargetClientOrderId;
    }
}
