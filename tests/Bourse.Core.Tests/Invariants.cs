using Bourse.Core.Accounts;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core.Tests;

/// <summary>The rules every state of the core must satisfy, checked from the outside through its public views.</summary>
public static class Invariants
{
    /// <summary>What came in and went out, by asset, from one event: deposits, completed withdrawals and adjustments.</summary>
    public static void TrackSupply(Dictionary<int, long> netDeposits, in Event e)
    {
        if (e.Type is EventType.DepositCredited or EventType.BalanceAdjusted)
        {
            netDeposits[e.AssetId] = netDeposits.GetValueOrDefault(e.AssetId) + e.Amount;
        }
        else if (e.Type == EventType.WithdrawalCompleted)
        {
            netDeposits[e.AssetId] -= e.Amount;
        }
    }

    public static void Check(ExchangeCore core, IReadOnlyDictionary<int, long> netDeposits)
    {
        var totals = new Dictionary<int, long>();
        var locked = new Dictionary<(long User, int Asset), long>();
        foreach (var account in core.Accounts)
        {
            foreach (var asset in core.Assets)
            {
                var balance = account.GetBalance(asset.Id);
                Assert.True(balance.Available >= 0, $"user {account.UserId} {asset.Code} available {balance.Available} < 0");
                Assert.True(balance.Locked >= 0, $"user {account.UserId} {asset.Code} locked {balance.Locked} < 0");
                totals[asset.Id] = totals.GetValueOrDefault(asset.Id) + balance.Total;
            }
        }

        // Conservation: what all accounts hold, fee account included, is what came in minus what went out.
        foreach (var asset in core.Assets)
        {
            Assert.Equal(netDeposits.GetValueOrDefault(asset.Id), core.SupplyOf(asset.Id));
            Assert.Equal(core.SupplyOf(asset.Id), totals.GetValueOrDefault(asset.Id));
        }

        var openOrders = 0;
        foreach (var market in core.Markets)
        {
            var payBuy = market.Spec.QuoteAssetId;
            var paySell = market.Spec.BaseAssetId;
            CheckSide(market.Bids, market, locked, payBuy, ref openOrders);
            CheckSide(market.Asks, market, locked, paySell, ref openOrders);
            foreach (var order in market.StopOrders.Orders)
            {
                Assert.True(order.IsPendingTrigger);
                Assert.Equal(Reservation(order, market), order.Reserved);
                Add(locked, order.UserId, order.Side == Side.Buy ? payBuy : paySell, order.Reserved);
                openOrders++;
            }

            // A delisted market holds nothing.
            if (market.Status == MarketStatus.Delisted)
            {
                Assert.Null(market.Bids.Best);
                Assert.Null(market.Asks.Best);
                Assert.Empty(market.StopOrders.Orders);
            }

            // The book is never crossed.
            if (market.Bids.Best is { } bid && market.Asks.Best is { } ask)
            {
                Assert.True(bid.Price < ask.Price, $"{market.Spec.Symbol} crossed: bid {bid.Price} >= ask {ask.Price}");
            }
        }

        Assert.Equal(openOrders, core.OpenOrderCount);
        foreach (var withdrawal in core.PendingWithdrawals)
        {
            Add(locked, withdrawal.UserId, withdrawal.AssetId, withdrawal.Amount);
        }

        // Locked funds are exactly the reservations of open orders and pending withdrawals.
        foreach (var account in core.Accounts)
        {
            foreach (var asset in core.Assets)
            {
                Assert.Equal(locked.GetValueOrDefault((account.UserId, asset.Id)), account.GetBalance(asset.Id).Locked);
            }

            Assert.Equal(account.OpenOrderCount, account.OpenOrders.Count());
            Assert.True(account.OpenOrders.Select(o => o.Id).SequenceEqual(account.OpenOrders.Select(o => o.Id).Order()));
        }
    }

    private static void CheckSide(BookSide side, Market market, Dictionary<(long, int), long> locked, int payAsset, ref int openOrders)
    {
        long? previous = null;
        foreach (var level in side.Levels)
        {
            // Levels strictly from best to worst.
            if (previous is { } p)
            {
                Assert.True(side.Side == Side.Buy ? level.Price < p : level.Price > p);
            }

            previous = level.Price;
            Assert.True(level.OrderCount > 0);
            long visible = 0, total = 0;
            long lastPlainId = 0;
            foreach (var order in level.Orders)
            {
                Assert.Equal(level.Price, order.Price);
                Assert.Equal(side.Side, order.Side);
                Assert.False(order.IsPendingTrigger);
                Assert.True(order.Remaining > 0 && order.VisibleRemaining > 0 && order.VisibleRemaining <= order.Remaining);
                Assert.Equal(Reservation(order, market), order.Reserved);
                visible += order.VisibleRemaining;
                total += order.Remaining;
                Add(locked, order.UserId, payAsset, order.Reserved);
                openOrders++;

                // Time priority: orders that never refreshed nor waited for a trigger keep placement order.
                if (order.IcebergQuantity == 0 && order.StopPrice == 0)
                {
                    Assert.True(order.Id > lastPlainId, "time priority broken");
                    lastPlainId = order.Id;
                }
            }

            Assert.Equal(visible, level.VisibleQuantity);
            Assert.Equal(total, level.TotalQuantity);
        }
    }

    private static long Reservation(Order order, Market market) =>
        order.Side == Side.Buy ? Arithmetic.Notional(order.Price, order.Remaining, market.BaseUnit) : order.Remaining;

    private static void Add(Dictionary<(long, int), long> locked, long user, int asset, long amount) =>
        locked[(user, asset)] = locked.GetValueOrDefault((user, asset)) + amount;

    /// <summary>Within one command, a taker's fills never get better for the book: prices move away from the touch.</summary>
    public static void CheckFillOrder(ReadOnlySpan<Event> events)
    {
        long taker = 0;
        long lastPrice = 0;
        foreach (var e in events)
        {
            if (e.Type != EventType.Trade)
            {
                continue;
            }

            if (e.OrderId != taker)
            {
                taker = e.OrderId;
                lastPrice = e.LastPrice;
                continue;
            }

            Assert.True(e.Side == Side.Buy ? e.LastPrice >= lastPrice : e.LastPrice <= lastPrice, "fills out of price priority");
            lastPrice = e.LastPrice;
        }
    }
}
