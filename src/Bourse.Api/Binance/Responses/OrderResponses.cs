using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Trading;

namespace Bourse.Api.Binance;

/// <summary>
/// Builds Binance's order answers from the events of the one command that served the request: the trading layer reads
/// the orders out of the events (<see cref="OrderReports"/>), this class only spells them as Binance does.
/// </summary>
public static class OrderResponses
{
    /// <summary>The answer to POST /order: an ACK, RESULT or FULL response, or the error the refusal maps to.</summary>
    public static BinanceResult<NewOrderResponse> Placed(ReadOnlySpan<Event> events, NewOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var placed = OrderReports.Placed(events);
        if (placed.Order is not { } order)
        {
            return placed.Refused is { } reason ? RejectReasons.ForPlacement(reason).Error ?? BinanceErrors.Unknown : BinanceErrors.Unknown;
        }

        var market = request.Market;
        var ack = new NewOrderResponse
        {
            Symbol = market.Symbol,
            OrderId = order.OrderId,
            ClientOrderId = order.ClientOrderId ?? request.ClientOrderId,
            TransactTime = placed.TransactTime,
        };
        if (request.ResponseType == OrderResponseType.Ack)
        {
            return ack;
        }

        return ack with
        {
            Price = market.FormatPrice(order.Price),
            OrigQty = market.FormatQuantity(order.OriginalQuantity),
            ExecutedQty = market.FormatQuantity(order.ExecutedQuantity),
            OrigQuoteOrderQty = market.FormatQuote(order.QuoteQuantity),
            CummulativeQuoteQty = market.FormatQuote(order.CumulativeQuote),
            Status = WireEnums.OrderStatus.NameOf(order.Status),
            TimeInForce = WireEnums.TimeInForce.NameOf(order.TimeInForce),
            Type = WireEnums.OrderType.NameOf(order.Type),
            Side = WireEnums.Side.NameOf(order.Side),
            StopPrice = order.StopPrice is { } stop ? market.FormatPrice(stop) : null,
            IcebergQty = request.IcebergSent ? market.FormatQuantity(order.IcebergQuantity) : null,
            WorkingTime = order.WorkingTime,
            PreventedMatchId = order.PreventedMatchId,
            PreventedQuantity = order.PreventedMatchId is null ? null : market.FormatQuantity(order.PreventedQuantity),
            SelfTradePreventionMode = WireEnums.SelfTradePrevention.NameOf(order.SelfTradePrevention),
            Fills = request.ResponseType == OrderResponseType.Full
                ? [.. order.Fills.Select(f => new OrderFill(market.FormatPrice(f.Price), market.FormatQuantity(f.Quantity),
                    market.FormatAmount(f.CommissionAssetId, f.Commission), market.AssetOf(f.CommissionAssetId).Code, f.TradeId))]
                : null,
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
    public static OrderQueryResponse Query(in Event state, long updateTime, BinanceMarket market) =>
        Query(OrderReports.Of(state, updateTime), market);

    /// <summary>GET /order's object for an order.</summary>
    public static OrderQueryResponse Query(OrderReport order, BinanceMarket market)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(market);
        return new OrderQueryResponse
        {
            Symbol = market.Symbol,
            OrderId = order.OrderId,
            ClientOrderId = order.ClientOrderId ?? "",
            Price = market.FormatPrice(order.Price),
            OrigQty = market.FormatQuantity(order.OriginalQuantity),
            ExecutedQty = market.FormatQuantity(order.ExecutedQuantity),
            CummulativeQuoteQty = market.FormatQuote(order.CumulativeQuote),
            Status = WireEnums.OrderStatus.NameOf(order.Status),
            TimeInForce = WireEnums.TimeInForce.NameOf(order.TimeInForce),
            Type = WireEnums.OrderType.NameOf(order.Type),
            Side = WireEnums.Side.NameOf(order.Side),
            StopPrice = order.StopPrice is { } stop ? market.FormatPrice(stop) : null,
            IcebergQty = order.IcebergQuantity > 0 ? market.FormatQuantity(order.IcebergQuantity) : null,
            Time = order.CreatedAt,
            UpdateTime = order.UpdatedAt,
            IsWorking = order.WorkingTime > 0,
            WorkingTime = order.WorkingTime,
            OrigQuoteOrderQty = market.FormatQuote(order.QuoteQuantity),
            PreventedMatchId = order.PreventedMatchId,
            PreventedQuantity = order.PreventedMatchId is null ? null : market.FormatQuantity(order.PreventedQuantity),
            SelfTradePreventionMode = WireEnums.SelfTradePrevention.NameOf(order.SelfTradePrevention),
        };
    }

    private static CancelOrderResponse CancelResponse(in Event canceled, BinanceMarket market, string cancelClientOrderId)
    {
        var order = OrderReports.Of(canceled, canceled.Timestamp);
        return new CancelOrderResponse
        {
            Symbol = market.Symbol,
            OrigClientOrderId = order.ClientOrderId ?? "",
            OrderId = order.OrderId,
            ClientOrderId = cancelClientOrderId,
            TransactTime = order.UpdatedAt,
            Price = market.FormatPrice(order.Price),
            OrigQty = market.FormatQuantity(order.OriginalQuantity),
            ExecutedQty = market.FormatQuantity(order.ExecutedQuantity),
            OrigQuoteOrderQty = market.FormatQuote(order.QuoteQuantity),
            CummulativeQuoteQty = market.FormatQuote(order.CumulativeQuote),
            Status = WireEnums.OrderStatus.NameOf(order.Status),
            TimeInForce = WireEnums.TimeInForce.NameOf(order.TimeInForce),
            Type = WireEnums.OrderType.NameOf(order.Type),
            Side = WireEnums.Side.NameOf(order.Side),
            StopPrice = order.StopPrice is { } stop ? market.FormatPrice(stop) : null,
            IcebergQty = order.IcebergQuantity > 0 ? market.FormatQuantity(order.IcebergQuantity) : null,
            SelfTradePreventionMode = WireEnums.SelfTradePrevention.NameOf(order.SelfTradePrevention),
        };
    }
}
