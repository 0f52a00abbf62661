using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Api.Binance;

/// <summary>
/// Builds Binance's order answers from the events of the one command that served the request. Order events carry
/// the order's whole state after each change, so the last one about an order is its state; fill events carry the
/// trade, price, quantity and the commission that order paid.
/// </summary>
public static class OrderResponses
{
    /// <summary>The answer to POST /order: an ACK, RESULT or FULL response, or the error the refusal maps to.</summary>
    public static BinanceResult<NewOrderResponse> Placed(ReadOnlySpan<Event> events, NewOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var first = IndexOfNewOrder(events);
        if (first < 0)
        {
            return FirstRejection(events) is { } reason ? RejectReasons.ForPlacement(reason).Error ?? BinanceErrors.Unknown : BinanceErrors.Unknown;
        }

        var market = request.Market;
        var state = events[first];
        var fills = new List<OrderFill>();
        if (state.Type == EventType.OrderRejected)
        {
            var rejection = RejectReasons.ForPlacement(state.Reason);
            if (!rejection.IsExpiredOrder)
            {
                return rejection.Error!;
            }

            // Binance accepts a fill-or-kill it cannot fill and expires it at once; the core refuses it outright.
            state.Status = OrderStatus.Expired;
            state.WorkingTime = state.Timestamp;
        }
        else
        {
            for (var i = first; i < events.Length; i++)
            {
                ref readonly var e = ref events[i];
                if (e.OrderId != state.OrderId || !IsOrderEvent(e.Type))
                {
                    continue;
                }

                if (e.Type is EventType.OrderPartiallyFilled or EventType.OrderFilled)
                {
                    fills.Add(new OrderFill(market.FormatPrice(e.LastPrice), market.FormatQuantity(e.LastQuantity),
                        market.FormatAmount(e.CommissionAssetId, e.Commission), market.AssetOf(e.CommissionAssetId).Code, e.TradeId));
                }

                state = e;
            }
        }

        var ack = new NewOrderResponse
        {
            Symbol = market.Symbol,
            OrderId = state.OrderId,
            ClientOrderId = state.ClientOrderId ?? request.ClientOrderId,
            TransactTime = events[first].Timestamp,
        };
        if (request.ResponseType == OrderResponseType.Ack)
        {
            return ack;
        }

        var stpExpired = state.Status == OrderStatus.ExpiredInMatch;
        return ack with
        {
            Price = market.FormatPrice(state.Price),
            OrigQty = market.FormatQuantity(OriginalQuantity(state)),
            ExecutedQty = market.FormatQuantity(state.ExecutedQuantity),
            OrigQuoteOrderQty = market.FormatQuote(state.QuoteQuantity),
            CummulativeQuoteQty = market.FormatQuote(state.CumulativeQuote),
            Status = WireEnums.OrderStatus.NameOf(state.Status),
            TimeInForce = WireEnums.TimeInForce.NameOf(state.TimeInForce),
            Type = WireEnums.OrderType.NameOf(state.OrderType),
            Side = WireEnums.Side.NameOf(state.Side),
            StopPrice = IsStop(state.OrderType) ? market.FormatPrice(state.StopPrice) : null,
            IcebergQty = request.IcebergSent ? market.FormatQuantity(state.IcebergQuantity) : null,
            WorkingTime = WorkingTimeOf(state),
            PreventedMatchId = stpExpired ? PreventedMatchIdOf(state) : null,
            PreventedQuantity = stpExpired ? market.FormatQuantity(state.PreventedQuantity) : null,
            SelfTradePreventionMode = WireEnums.SelfTradePrevention.NameOf(state.SelfTradePrevention),
            Fills = request.ResponseType == OrderResponseType.Full ? fills : null,
        };
    }

    /// <summary>The answer to DELETE /order: the canceled order, or the error the refusal maps to.</summary>
    public static BinanceResult<CancelOrderResponse> Canceled(ReadOnlySpan<Event> events, CancelOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (ref readonly var e in events)
        {
            if (e.Type == EventType.OrderCanceled)
            {
                return CancelResponse(e, request.Market, request.NewClientOrderId);
            }

            if (e.Type == EventType.CommandRejected)
            {
                return RejectReasons.ForCancel(e.Reason);
            }
        }

        return BinanceErrors.Unknown;
    }

    /// <summary>
    /// The answer to DELETE /openOrders: every canceled order. Each cancel gets a fresh client id, as on Binance, from
    /// <paramref name="ids"/> (<see cref="ClientOrderIds.Shared"/> when null).
    /// </summary>
    public static BinanceResult<IReadOnlyList<CancelOrderResponse>> CanceledAll(ReadOnlySpan<Event> events,
        CancelOpenOrdersRequest request, ClientOrderIds? ids = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ids ??= ClientOrderIds.Shared;
        var canceled = new List<CancelOrderResponse>();
        foreach (ref readonly var e in events)
        {
            if (e.Type == EventType.CommandRejected)
            {
                return RejectReasons.ForCancel(e.Reason);
            }

            if (e.Type == EventType.OrderCanceled)
            {
                canceled.Add(CancelResponse(e, request.Market, ids.Next()));
            }
        }

        return canceled;
    }

    /// <summary>
    /// The answer to POST /order/cancelReplace: both halves on success; otherwise -2022 when nothing was done
    /// (or both failed) and -2021 when one half succeeded, each carrying both halves in <c>data</c>.
    /// </summary>
    public static BinanceResult<CancelReplaceResponse> CancelReplaced(ReadOnlySpan<Event> events, CancelReplaceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancelIndex = -1;
        for (var i = 0; i < events.Length && cancelIndex < 0; i++)
        {
            ref readonly var e = ref events[i];
            if (e.Type == EventType.CommandRejected || (e.Type == EventType.OrderCanceled && e.OrderId != e.Sequence))
            {
                cancelIndex = i;
            }
        }

        if (cancelIndex < 0)
        {
            return BinanceErrors.Unknown;
        }

        var cancel = events[cancelIndex];
        var cancelSucceeded = cancel.Type == EventType.OrderCanceled;
        object cancelResponse = cancelSucceeded
            ? CancelResponse(cancel, request.Market, request.CancelNewClientOrderId)
            : RejectReasons.ForCancel(cancel.Reason);
        if (!cancelSucceeded && request.Mode == CancelReplaceMode.StopOnFailure)
        {
            return BinanceErrors.CancelReplaceFailed(new CancelReplaceResponse(CancelReplaceResponse.Failure,
                CancelReplaceResponse.NotAttempted, cancelResponse, null));
        }

        var placed = Placed(events[(cancelIndex + 1)..], request.NewOrder);
        var data = new CancelReplaceResponse(
            cancelSucceeded ? CancelReplaceResponse.Success : CancelReplaceResponse.Failure,
            placed.IsSuccess ? CancelReplaceResponse.Success : CancelReplaceResponse.Failure,
            cancelResponse,
            placed.IsSuccess ? placed.Value : placed.Error);
        return (cancelSucceeded, placed.IsSuccess) switch
        {
            (true, true) => data,
            (false, false) => BinanceErrors.CancelReplaceFailed(data),
            _ => BinanceErrors.CancelReplacePartiallyFailed(data),
        };
    }

    /// <summary>
    /// GET /order's object for an order whose latest event is <paramref name="state"/>; <paramref name="updateTime"/>
    /// is when that event happened.
    /// </summary>
    public static OrderQueryResponse Query(in Event state, long updateTime, BinanceMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var status = StatusOf(state);
        var workingTime = status == OrderStatus.Expired && state.Type == EventType.OrderRejected ? state.Timestamp : WorkingTimeOf(state);
        var stpExpired = status == OrderStatus.ExpiredInMatch;
        return new OrderQueryResponse
        {
            Symbol = market.Symbol,
            OrderId = state.OrderId,
            ClientOrderId = state.ClientOrderId ?? "",
            Price = market.FormatPrice(state.Price),
            OrigQty = market.FormatQuantity(OriginalQuantity(state)),
            ExecutedQty = market.FormatQuantity(state.ExecutedQuantity),
            CummulativeQuoteQty = market.FormatQuote(state.CumulativeQuote),
            Status = WireEnums.OrderStatus.NameOf(status),
            TimeInForce = WireEnums.TimeInForce.NameOf(state.TimeInForce),
            Type = WireEnums.OrderType.NameOf(state.OrderType),
            Side = WireEnums.Side.NameOf(state.Side),
            StopPrice = IsStop(state.OrderType) ? market.FormatPrice(state.StopPrice) : null,
            IcebergQty = state.IcebergQuantity > 0 ? market.FormatQuantity(state.IcebergQuantity) : null,
            Time = state.CreatedAt,
            UpdateTime = updateTime,
            IsWorking = workingTime > 0,
            WorkingTime = workingTime,
            OrigQuoteOrderQty = market.FormatQuote(state.QuoteQuantity),
            PreventedMatchId = stpExpired ? PreventedMatchIdOf(state) : null,
            PreventedQuantity = stpExpired ? market.FormatQuantity(state.PreventedQuantity) : null,
            SelfTradePreventionMode = WireEnums.SelfTradePrevention.NameOf(state.SelfTradePrevention),
        };
    }

    /// <summary>
    /// The Binance status of an order whose latest event is <paramref name="state"/>: a fill-or-kill the core refused
    /// as unfillable is EXPIRED, as Binance reports it.
    /// </summary>
    public static OrderStatus StatusOf(in Event state) =>
        state.Type == EventType.OrderRejected && state.Reason == RejectReason.FokNotFillable ? OrderStatus.Expired : state.Status;

    /// <summary>
    /// Binance's id for a prevented match. The core does not number them; the sequence of the command in which the
    /// match was prevented is unique per command, which is as much as clients use it for.
    /// </summary>
    public static long PreventedMatchIdOf(in Event state) => state.Sequence;

    private static CancelOrderResponse CancelResponse(in Event e, BinanceMarket market, string cancelClientOrderId) => new()
    {
        Symbol = market.Symbol,
        OrigClientOrderId = e.ClientOrderId ?? "",
        OrderId = e.OrderId,
        ClientOrderId = cancelClientOrderId,
        TransactTime = e.Timestamp,
        Price = market.FormatPrice(e.Price),
        OrigQty = market.FormatQuantity(OriginalQuantity(e)),
        ExecutedQty = market.FormatQuantity(e.ExecutedQuantity),
        OrigQuoteOrderQty = market.FormatQuote(e.QuoteQuantity),
        CummulativeQuoteQty = market.FormatQuote(e.CumulativeQuote),
        Status = WireEnums.OrderStatus.NameOf(e.Status),
        TimeInForce = WireEnums.TimeInForce.NameOf(e.TimeInForce),
        Type = WireEnums.OrderType.NameOf(e.OrderType),
        Side = WireEnums.Side.NameOf(e.Side),
        StopPrice = IsStop(e.OrderType) ? market.FormatPrice(e.StopPrice) : null,
        IcebergQty = e.IcebergQuantity > 0 ? market.FormatQuantity(e.IcebergQuantity) : null,
        SelfTradePreventionMode = WireEnums.SelfTradePrevention.NameOf(e.SelfTradePrevention),
    };

    /// <summary>The new order's first event: accepted or refused, with the id of the command that placed it.</summary>
    private static int IndexOfNewOrder(ReadOnlySpan<Event> events)
    {
        for (var i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            if (e.Type is (EventType.OrderAccepted or EventType.OrderRejected) && e.OrderId == e.Sequence)
            {
                return i;
            }
        }

        return -1;
    }

    private static RejectReason? FirstRejection(ReadOnlySpan<Event> events)
    {
        foreach (ref readonly var e in events)
        {
            if (e.Type is EventType.CommandRejected or EventType.OrderRejected)
            {
                return e.Reason;
            }
        }

        return null;
    }

    private static bool IsOrderEvent(EventType type) => type is EventType.OrderAccepted or EventType.OrderRejected
        or EventType.OrderPartiallyFilled or EventType.OrderFilled or EventType.OrderCanceled or EventType.OrderExpired
        or EventType.OrderTriggered;

    private static bool IsStop(OrderType type) => type is OrderType.StopLossLimit or OrderType.TakeProfitLimit;

    /// <summary>A market order by quote amount has no quantity until it fills: Binance shows what it bought or sold.</summary>
    private static long OriginalQuantity(in Event state) => state.QuoteQuantity > 0 ? state.ExecutedQuantity : state.Quantity;

    private static long WorkingTimeOf(in Event state) => state.WorkingTime > 0 ? state.WorkingTime : -1;
}
