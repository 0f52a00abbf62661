using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Api.Binance;

/// <summary>
/// Binance order requests → core commands. Each function reads every parameter its endpoint takes (and the signed
/// ones, <c>timestamp</c>, <c>recvWindow</c> and <c>signature</c>, which authentication checks), refuses anything else
/// (-1104) and applies Binance's per-type rules:
/// <list type="table">
/// <item><term>LIMIT</term><description>timeInForce, quantity, price</description></item>
/// <item><term>MARKET</term><description>quantity or quoteOrderQty (one of them)</description></item>
/// <item><term>STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT</term><description>timeInForce, quantity, price, stopPrice</description></item>
/// <item><term>LIMIT_MAKER</term><description>quantity, price, no timeInForce</description></item>
/// </list>
/// A parameter the type does not take is -1106. Filters, balances and the book are the core's to judge.
/// </summary>
public static class OrderRequests
{
    /// <summary>POST /api/v3/order (and /order/test).</summary>
    public static BinanceResult<NewOrderRequest> PlaceOrder(ParameterReader parameters, long userId,
        Func<string, BinanceMarket?> markets, ClientOrderIds ids)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(ids);
        parameters.MarkSignedParametersRead();
        var symbol = parameters.RequiredSymbol();
        var side = parameters.Required("side", WireEnums.Side);
        var type = parameters.Required("type", WireEnums.OrderType);
        var market = FindMarket(parameters, symbol, markets);
        if (market is null)
        {
            return parameters.Error!;
        }

        var order = ReadNewOrder(parameters, userId, market, side, type, ids);
        return parameters.EnsureAllRead() is { } error ? error : order;
    }

    /// <summary>DELETE /api/v3/order.</summary>
    public static BinanceResult<CancelOrderRequest> CancelOrder(ParameterReader parameters, long userId,
        Func<string, BinanceMarket?> markets, ClientOrderIds ids)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(ids);
        string? newClientOrderId = null;
        var (market, orderId, origClientOrderId) = ReadTarget(parameters, markets,
            () => newClientOrderId = parameters.OptionalClientOrderId("newClientOrderId"));
        if (market is null)
        {
            return parameters.Error!;
        }

        if (parameters.EnsureAllRead() is { } error)
        {
            return error;
        }

        var command = new Command
        {
            Type = CommandType.CancelOrder,
            UserId = userId,
            MarketId = market.Id,
            TargetOrderId = orderId ?? 0,
            TargetClientOrderId = origClientOrderId,
        };
        return new CancelOrderRequest(command, market, newClientOrderId ?? ids.Next());
    }

    /// <summary>POST /api/v3/order/cancelReplace.</summary>
    public static BinanceResult<CancelReplaceRequest> CancelReplace(ParameterReader parameters, long userId,
        Func<string, BinanceMarket?> markets, ClientOrderIds ids)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(ids);
        parameters.MarkSignedParametersRead();
        var symbol = parameters.RequiredSymbol();
        var side = parameters.Required("side", WireEnums.Side);
        var type = parameters.Required("type", WireEnums.OrderType);
        var mode = parameters.Required("cancelReplaceMode", WireEnums.CancelReplaceMode);
        var cancelOrderId = parameters.OptionalLong("cancelOrderId", min: 1);
        var cancelOrigClientOrderId = parameters.OptionalString("cancelOrigClientOrderId");
        var cancelNewClientOrderId = parameters.OptionalClientOrderId("cancelNewClientOrderId");
        var market = FindMarket(parameters, symbol, markets);
        if (market is null)
        {
            return parameters.Error!;
        }

        if (cancelOrderId is null && cancelOrigClientOrderId is null)
        {
            parameters.Fail(BinanceErrors.EitherParameter("cancelOrderId", "cancelOrigClientOrderId"));
        }

        var order = ReadNewOrder(parameters, userId, market, side, type, ids);
        if (parameters.EnsureAllRead() is { } error)
        {
            return error;
        }

        var command = Command.CancelReplace(cancelOrderId ?? 0, order.Command, mode == CancelReplaceMode.AllowFailure);
        command.TargetClientOrderId = cancelOrigClientOrderId;
        return new CancelReplaceRequest(command, market, mode, cancelNewClientOrderId ?? ids.Next(), order);
    }

    /// <summary>DELETE /api/v3/openOrders.</summary>
    public static BinanceResult<CancelOpenOrdersRequest> CancelOpenOrders(ParameterReader parameters, long userId,
        Func<string, BinanceMarket?> markets)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(markets);
        parameters.MarkSignedParametersRead();
        var market = FindMarket(parameters, parameters.RequiredSymbol(), markets);
        if (market is null)
        {
            return parameters.Error!;
        }

        return parameters.EnsureAllRead() is { } error ? error : new CancelOpenOrdersRequest(Command.CancelAll(userId, market.Id), market);
    }

    /// <summary>GET /api/v3/order.</summary>
    public static BinanceResult<OrderLookup> QueryOrder(ParameterReader parameters, Func<string, BinanceMarket?> markets)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(markets);
        var (market, orderId, origClientOrderId) = ReadTarget(parameters, markets);
        if (market is null)
        {
            return parameters.Error!;
        }

        return parameters.EnsureAllRead() is { } error ? error : new OrderLookup(market, orderId, origClientOrderId);
    }

    /// <summary>
    /// The order a cancel or query names: <c>symbol</c> and <c>orderId</c> or <c>origClientOrderId</c> (one is required);
    /// <paramref name="readMore"/> reads the endpoint's other parameters before the market is looked up. A null market
    /// means an error was recorded on the reader.
    /// </summary>
    private static (BinanceMarket? Market, long? OrderId, string? OrigClientOrderId) ReadTarget(ParameterReader parameters,
        Func<string, BinanceMarket?> markets, Action? readMore = null)
    {
        parameters.MarkSignedParametersRead();
        var symbol = parameters.RequiredSymbol();
        var orderId = parameters.OptionalLong("orderId", min: 1);
        var origClientOrderId = parameters.OptionalString("origClientOrderId");
        readMore?.Invoke();
        var market = FindMarket(parameters, symbol, markets);
        if (market is not null && orderId is null && origClientOrderId is null)
        {
            parameters.Fail(BinanceErrors.EitherParameter("origClientOrderId", "orderId"));
        }

        return (market, orderId, origClientOrderId);
    }

    /// <summary>The market named <paramref name="symbol"/>; null after recording an error (-1121 when unknown).</summary>
    private static BinanceMarket? FindMarket(ParameterReader parameters, string symbol, Func<string, BinanceMarket?> markets)
    {
        if (parameters.Error is not null)
        {
            return null;
        }

        var market = markets(symbol);
        if (market is null)
        {
            parameters.Fail(BinanceErrors.InvalidSymbol);
        }

        return market;
    }

    /// <summary>The new-order parameters shared by POST /order and cancel-replace; problems go to the reader.</summary>
    private static NewOrderRequest ReadNewOrder(ParameterReader parameters, long userId, BinanceMarket market, Side side,
        OrderType type, ClientOrderIds ids)
    {
        var timeInForce = parameters.Optional("timeInForce", WireEnums.TimeInForce);
        var quantity = parameters.OptionalUnits("quantity", market.Base.Scale, "LOT_SIZE");
        var quoteOrderQty = parameters.OptionalUnits("quoteOrderQty", market.Quote.Scale, "NOTIONAL");
        var price = parameters.OptionalUnits("price", market.Quote.Scale, "PRICE_FILTER");
        var stopPrice = parameters.OptionalUnits("stopPrice", market.Quote.Scale, "PRICE_FILTER");
        var icebergQty = parameters.OptionalUnits("icebergQty", market.Base.Scale, "LOT_SIZE");
        var clientOrderId = parameters.OptionalClientOrderId("newClientOrderId");
        var responseType = parameters.Optional("newOrderRespType", WireEnums.OrderResponseType);
        var selfTradePrevention = parameters.Optional("selfTradePreventionMode", WireEnums.SelfTradePrevention);

        if (parameters.Error is null)
        {
            CheckCombination(parameters, type, timeInForce, quantity, quoteOrderQty, price, stopPrice, icebergQty);
        }

        var command = new Command
        {
            Type = CommandType.PlaceOrder,
            UserId = userId,
            MarketId = market.Id,
            Side = side,
            OrderType = type,
            TimeInForce = type is OrderType.Market or OrderType.LimitMaker ? TimeInForce.None : timeInForce ?? TimeInForce.None,
            Price = price ?? 0,
            Quantity = quantity ?? 0,
            QuoteQuantity = quoteOrderQty ?? 0,
            StopPrice = stopPrice ?? 0,
            IcebergQuantity = icebergQty ?? 0,
            ClientOrderId = clientOrderId ?? ids.Next(),
            SelfTradePrevention = selfTradePrevention ?? market.DefaultSelfTradePrevention,
        };
        var defaultResponse = type is OrderType.Market or OrderType.Limit ? OrderResponseType.Full : OrderResponseType.Ack;
        return new NewOrderRequest(command, market, responseType ?? defaultResponse, icebergQty is not null);
    }

    private static void CheckCombination(ParameterReader parameters, OrderType type, TimeInForce? timeInForce, long? quantity,
        long? quoteOrderQty, long? price, long? stopPrice, long? icebergQty)
    {
        switch (type)
        {
            case OrderType.Limit:
                Require(parameters, timeInForce, "timeInForce");
                Require(parameters, quantity, "quantity");
                Require(parameters, price, "price");
                Forbid(parameters, quoteOrderQty, "quoteOrderQty");
                Forbid(parameters, stopPrice, "stopPrice");
                break;
            case OrderType.Market:
                Forbid(parameters, timeInForce, "timeInForce");
                Forbid(parameters, price, "price");
                Forbid(parameters, stopPrice, "stopPrice");
                Forbid(parameters, icebergQty, "icebergQty");
                if (quantity is null && quoteOrderQty is null)
                {
                    parameters.Fail(BinanceErrors.EitherParameter("quantity", "quoteOrderQty"));
                }

                if (quantity is not null)
                {
                    Forbid(parameters, quoteOrderQty, "quoteOrderQty");
                }

                break;
            case OrderType.StopLossLimit or OrderType.TakeProfitLimit:
                Require(parameters, timeInForce, "timeInForce");
                Require(parameters, quantity, "quantity");
                Require(parameters, price, "price");
                Require(parameters, stopPrice, "stopPrice");
                Forbid(parameters, quoteOrderQty, "quoteOrderQty");
                break;
            case OrderType.LimitMaker:
                Forbid(parameters, timeInForce, "timeInForce");
                Require(parameters, quantity, "quantity");
                Require(parameters, price, "price");
                Forbid(parameters, quoteOrderQty, "quoteOrderQty");
                Forbid(parameters, stopPrice, "stopPrice");
                break;
        }

        if (icebergQty is { } visible && type != OrderType.Market)
        {
            // An iceberg must rest: GTC (a LIMIT_MAKER always is).
            if (type != OrderType.LimitMaker && timeInForce is not (null or TimeInForce.Gtc))
            {
                parameters.Fail(BinanceErrors.UnsupportedOrderCombination);
            }

            if (quantity is { } total && visible > total)
            {
                parameters.Fail(BinanceErrors.IcebergQuantityExceedsQuantity);
            }
        }
    }

    private static void Require<T>(ParameterReader parameters, T? value, string name)
        where T : struct
    {
        if (value is null)
        {
            parameters.Fail(BinanceErrors.MandatoryParameter(name));
        }
    }

    private static void Forbid<T>(ParameterReader parameters, T? value, string name)
        where T : struct
    {
        if (value is not null)
        {
            parameters.Fail(BinanceErrors.ParameterNotRequired(name));
        }
    }
}
