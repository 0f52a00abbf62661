using static Bourse.Api.Binance.BinanceParameter;

namespace Bourse.Api.Binance;

/// <summary>
/// What the /api/v3 order endpoints accept, next to <see cref="OrderRequests"/> which reads it: the server declares
/// these on its endpoints for the OpenAPI document. Enumerations come from <see cref="WireEnums"/>, the parser's own
/// tables, so the document lists exactly what the server accepts.
/// </summary>
public static class BinanceOrderParameters
{
    public static BinanceParameter Side { get; } = Required("side", BinanceValueType.String, "Buy or sell.", [.. WireEnums.Side.Names]);

    public static BinanceParameter Type { get; } = Required("type", BinanceValueType.String,
        "Order type; LIMIT needs timeInForce, quantity and price; MARKET quantity or quoteOrderQty; the stop types also stopPrice.",
        [.. WireEnums.OrderType.Names]);

    /// <summary>Everything a new order may carry besides <c>symbol</c>, <c>side</c> and <c>type</c>.</summary>
    public static IReadOnlyList<BinanceParameter> Details { get; } =
    [
        Optional("timeInForce", BinanceValueType.String, "How long the order stays working (LIMIT and the stop-limit types).",
            [.. WireEnums.TimeInForce.Names]),
        Optional("quantity", BinanceValueType.Decimal, "Base asset amount, a multiple of the LOT_SIZE step."),
        Optional("quoteOrderQty", BinanceValueType.Decimal, "MARKET only: spend (BUY) or receive (SELL) this quote asset amount instead."),
        Optional("price", BinanceValueType.Decimal, "Limit price, a multiple of the PRICE_FILTER tick."),
        Optional("newClientOrderId", BinanceValueType.String, "The client's id for the order (`^[.A-Z:/a-z0-9_-]{1,36}$`); generated when absent."),
        Optional("stopPrice", BinanceValueType.Decimal, "Trigger price of STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT."),
        Optional("icebergQty", BinanceValueType.Decimal, "Visible part of an iceberg order."),
        Optional("newOrderRespType", BinanceValueType.String, "Response detail; FULL for MARKET and LIMIT by default, ACK otherwise.",
            [.. WireEnums.OrderResponseType.Names]),
        Optional("selfTradePreventionMode", BinanceValueType.String, "What happens when the order would trade with the same account.",
            [.. WireEnums.SelfTradePrevention.Names]),
    ];

    /// <summary>A whole new order: POST /order.</summary>
    public static BinanceParameter[] NewOrder { get; } = [Symbol, Side, Type, .. Details];

    /// <summary>POST /order/test: a whole new order, and whether to answer with the commission rates it would pay.</summary>
    public static BinanceParameter[] TestOrder { get; } =
    [
        .. NewOrder,
        Optional("computeCommissionRates", BinanceValueType.Boolean,
            "Answer with the commission rates a fill of this order would pay instead of `{}` (weight 20 instead of 1)."),
    ];

    /// <summary>Which order a query names: <c>orderId</c> or <c>origClientOrderId</c>. GET /order.</summary>
    public static BinanceParameter[] QueryOrder { get; } =
    [
        Symbol,
        Optional("orderId", BinanceValueType.Integer, "The order's id; this or origClientOrderId."),
        Optional("origClientOrderId", BinanceValueType.String, "The order's client id."),
    ];

    /// <summary>DELETE /order: the order, and a client id for the cancellation.</summary>
    public static BinanceParameter[] CancelOrder { get; } =
        [.. QueryOrder, Optional("newClientOrderId", BinanceValueType.String, "A client id for the cancellation.")];

    /// <summary>POST /order/cancelReplace: the order to cancel and the whole new order.</summary>
    public static BinanceParameter[] CancelReplace { get; } =
    [
        Symbol, Side, Type,
        Required("cancelReplaceMode", BinanceValueType.String,
            "STOP_ON_FAILURE places nothing if the cancel fails; ALLOW_FAILURE places the new order regardless.", [.. WireEnums.CancelReplaceMode.Names]),
        Optional("cancelOrderId", BinanceValueType.Integer, "The order to cancel, by id; this or cancelOrigClientOrderId."),
        Optional("cancelOrigClientOrderId", BinanceValueType.String, "The order to cancel, by client id."),
        Optional("cancelNewClientOrderId", BinanceValueType.String, "A client id for the cancellation."),
        .. Details,
    ];
}
