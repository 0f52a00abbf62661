using Bourse.Api.Binance;
using static Bourse.Server.OpenApi.BinanceParameter;

namespace Bourse.Server.OpenApi;

/// <summary>
/// The parameters of a new order, shared by POST /order, /order/test and /order/cancelReplace. Enumerations come
/// from <see cref="WireEnums"/>, the parser's own tables, so the document lists exactly what the server accepts.
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

    /// <summary>A whole new order: POST /order and /order/test.</summary>
    public static BinanceParameter[] NewOrder { get; } = [Symbol, Side, Type, .. Details];
}
