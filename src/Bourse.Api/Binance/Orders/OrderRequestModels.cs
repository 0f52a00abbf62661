using Bourse.Core.Commands;

namespace Bourse.Api.Binance;

/// <summary>POST /order translated: the core command (its sequence and time are the engine's to stamp) and how to answer.</summary>
public sealed record NewOrderRequest(Command Command, BinanceMarket Market, OrderResponseType ResponseType, bool IcebergSent)
{
    /// <summary>The id sent as <c>newClientOrderId</c>, or the one generated for it.</summary>
    public string ClientOrderId => Command.ClientOrderId!;
}

/// <summary>POST /order/test translated: the order it would place, and whether to answer with its commission rates.</summary>
public sealed record TestOrderRequest(NewOrderRequest Order, bool ComputeCommissionRates);

/// <summary>DELETE /order translated. <see cref="NewClientOrderId"/> names the cancel itself (the response's <c>clientOrderId</c>).</summary>
public sealed record CancelOrderRequest(Command Command, BinanceMarket Market, string NewClientOrderId);

/// <summary>
/// POST /order/cancelReplace translated: one core command that cancels and then places <see cref="NewOrder"/>.
/// <see cref="CancelNewClientOrderId"/> names the cancel.
/// </summary>
public sealed record CancelReplaceRequest(Command Command, BinanceMarket Market, CancelReplaceMode Mode, string CancelNewClientOrderId, NewOrderRequest NewOrder);

/// <summary>DELETE /openOrders translated.</summary>
public sealed record CancelOpenOrdersRequest(Command Command, BinanceMarket Market);

/// <summary>GET /order translated: which order to look up (by id when given, else by client order id).</summary>
public sealed record OrderLookup(BinanceMarket Market, long? OrderId, string? OrigClientOrderId);
