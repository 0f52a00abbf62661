using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Trading;

namespace Bourse.Api.Binance;

/// <summary>A user data stream message for one user: an <see cref="ExecutionReport"/>, <see cref="BalanceUpdate"/> or <see cref="OutboundAccountPosition"/>.</summary>
public readonly record struct UserDataEvent(long UserId, object Payload);

/// <summary>
/// Turns core events into Binance user data stream messages, per command and in Binance's order: the execution
/// reports as the orders changed, then balance updates for deposits, withdrawals and transfers, then one
/// outboundAccountPosition per user with the balances the command changed.
/// </summary>
public static class UserDataEvents
{
    /// <summary>
    /// The messages for <paramref name="events"/> (one command's or a whole batch's). Events of markets or assets the
    /// lookups do not know, and of system accounts, produce nothing.
    /// </summary>
    public static List<UserDataEvent> From(ReadOnlySpan<Event> events, Func<int, BinanceMarket?> marketById, Func<int, AssetSpec?> assetById)
    {
        ArgumentNullException.ThrowIfNull(marketById);
        ArgumentNullException.ThrowIfNull(assetById);
        var messages = new List<UserDataEvent>();
        var balances = new List<Event>();
        var sequence = events.Length > 0 ? events[0].Sequence : 0;
        foreach (ref readonly var e in events)
        {
            if (e.Sequence != sequence)
            {
                FlushBalances(balances, messages, assetById);
                sequence = e.Sequence;
            }

            if (e.Type == EventType.BalanceChanged)
            {
                if (e.UserId > 0)
                {
                    balances.Add(e);
                }

                continue;
            }

            if (e.UserId <= 0 || !IsReported(e) || marketById(e.MarketId) is not { } market)
            {
                continue;
            }

            if (e.Type == EventType.OrderRejected)
            {
                // Binance takes an unfillable fill-or-kill and expires it at once: NEW, then EXPIRED.
                messages.Add(new(e.UserId, ExecutionReport(e, market, "NEW", OrderStatus.New)));
                messages.Add(new(e.UserId, ExecutionReport(e, market, "EXPIRED", OrderStatus.Expired)));
                continue;
            }

            messages.Add(new(e.UserId, ExecutionReport(e, market)));
        }

        FlushBalances(balances, messages, assetById);
        return messages;
    }

    /// <summary>The execution report for one order event.</summary>
    public static ExecutionReport ExecutionReport(in Event e, BinanceMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var executionType = e.Type switch
        {
            EventType.OrderPartiallyFilled or EventType.OrderFilled => "TRADE",
            EventType.OrderCanceled => "CANCELED",
            EventType.OrderExpired => e.Status == OrderStatus.ExpiredInMatch ? "TRADE_PREVENTION" : "EXPIRED",
            EventType.OrderRejected => "REJECTED",
            _ => "NEW",
        };
        return ExecutionReport(e, market, executionType, OrderReports.StatusOf(e));
    }

    private static ExecutionReport ExecutionReport(in Event e, BinanceMarket market, string executionType, OrderStatus status)
    {
        var isFill = e.Type is EventType.OrderPartiallyFilled or EventType.OrderFilled;
        var stpExpired = e.Status == OrderStatus.ExpiredInMatch;
        var workingTime = e.Type == EventType.OrderRejected ? e.Timestamp : e.WorkingTime;
        return new ExecutionReport
        {
            EventTime = e.Timestamp,
            Symbol = market.Symbol,
            ClientOrderId = e.ClientOrderId ?? "",
            Side = WireEnums.Side.NameOf(e.Side),
            OrderType = WireEnums.OrderType.NameOf(e.OrderType),
            TimeInForce = WireEnums.TimeInForce.NameOf(e.TimeInForce),
            Quantity = market.FormatQuantity(e.Quantity),
            Price = market.FormatPrice(e.Price),
            StopPrice = market.FormatPrice(e.StopPrice),
            IcebergQuantity = market.FormatQuantity(e.IcebergQuantity),
            OriginalClientOrderId = e.Type == EventType.OrderCanceled ? e.ClientOrderId ?? "" : "",
            ExecutionType = executionType,
            OrderStatus = WireEnums.OrderStatus.NameOf(status),
            OrderId = e.OrderId,
            LastExecutedQuantity = market.FormatQuantity(isFill ? e.LastQuantity : 0),
            CumulativeFilledQuantity = market.FormatQuantity(e.ExecutedQuantity),
            LastExecutedPrice = market.FormatPrice(isFill ? e.LastPrice : 0),
            Commission = isFill ? market.FormatAmount(e.CommissionAssetId, e.Commission) : "0",
            CommissionAsset = isFill && e.Commission > 0 ? market.AssetOf(e.CommissionAssetId).Code : null,
            TransactionTime = e.Timestamp,
            TradeId = isFill ? e.TradeId : -1,
            PreventedMatchId = stpExpired ? OrderReports.PreventedMatchIdOf(e) : null,
            // Clients ignore it; the command's sequence is unique enough.
            ExecutionId = e.Sequence,
            IsOnBook = status is (OrderStatus.New or OrderStatus.PartiallyFilled) && workingTime > 0 && CanRest(e),
            IsMaker = isFill && e.IsMaker,
            CreationTime = e.CreatedAt,
            CumulativeQuoteQuantity = market.FormatQuote(e.CumulativeQuote),
            LastQuoteQuantity = market.FormatQuote(isFill ? e.LastQuote : 0),
            QuoteOrderQuantity = market.FormatQuote(e.QuoteQuantity),
            WorkingTime = workingTime > 0 ? workingTime : null,
            SelfTradePreventionMode = WireEnums.SelfTradePrevention.NameOf(e.SelfTradePrevention),
            PreventedQuantity = stpExpired ? market.FormatQuantity(e.PreventedQuantity) : null,
            LastPreventedQuantity = stpExpired ? market.FormatQuantity(e.PreventedQuantity) : null,
            CounterOrderId = stpExpired && e.CounterOrderId != 0 ? e.CounterOrderId : null,
        };
    }

    /// <summary>Only a good-till-canceled limit order (or a post-only one) ever stands on the book.</summary>
    private static bool CanRest(in Event e) => e.OrderType != OrderType.Market && e.TimeInForce == TimeInForce.Gtc;

    private static bool IsReported(in Event e) => e.Type switch
    {
        EventType.OrderAccepted or EventType.OrderTriggered or EventType.OrderPartiallyFilled or EventType.OrderFilled
            or EventType.OrderCanceled or EventType.OrderExpired => true,
        // Other refusals are answered to the request; Binance does not stream them.
        EventType.OrderRejected => e.Reason == RejectReason.FokNotFillable,
        _ => false,
    };

    private static void FlushBalances(List<Event> balances, List<UserDataEvent> messages, Func<int, AssetSpec?> assetById)
    {
        if (balances.Count == 0)
        {
            return;
        }

        foreach (var e in balances)
        {
            if (e.BalanceReason != BalanceChangeReason.Order && e.AvailableDelta != 0 && assetById(e.AssetId) is { } asset)
            {
                messages.Add(new(e.UserId, new BalanceUpdate(e.Timestamp, asset.Code, DecimalUnits.Format(e.AvailableDelta, asset.Scale), e.Timestamp)));
            }
        }

        foreach (var user in balances.Select(b => b.UserId).Distinct().ToList())
        {
            var changed = new List<PositionBalance>();
            long time = 0;
            foreach (var e in balances)
            {
                if (e.UserId == user && assetById(e.AssetId) is { } asset)
                {
                    changed.Add(new PositionBalance(asset.Code, DecimalUnits.Format(e.Available, asset.Scale), DecimalUnits.Format(e.Locked, asset.Scale)));
                    time = e.Timestamp;
                }
            }

            if (changed.Count > 0)
            {
                messages.Add(new(user, new OutboundAccountPosition(time, time, changed)));
            }
        }

        balances.Clear();
    }
}
