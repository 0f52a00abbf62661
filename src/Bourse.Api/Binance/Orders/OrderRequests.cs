using Bourse.Core.Model;
using Bourse.Trading;

namespace Bourse.Api.Binance;

/// <summary>
/// Binance order requests → trading intents → the <see cref="TradingIntake"/>. Each function reads every parameter its
/// endpoint takes (and the signed ones, <c>timestamp</c>, <c>recvWindow</c> and <c>signature</c>, which authentication
/// checked), refuses anything else (-1104), and answers the intake's rejections in Binance's words
/// (<see cref="BinanceRejections"/>). What is Binance's alone stays here: parameter names and enum spellings,
/// <c>newOrderRespType</c>, <c>cancelReplaceMode</c>, generated client order ids. The first problem found is the answer:
/// the essentials and the symbol, then the other parameters in the order they are read, then the intake's verdict on
/// the order's fields, then parameters nobody read.
/// </summary>
public static class OrderRequests
{
    /// <summary>
    /// POST /api/v3/order: the order's own checks (fields, amounts, combination). The market's status and filters are
    /// the caller's to check (<see cref="CheckMarketRules"/>) once the order has been counted against the account's
    /// limits, as when only the core judged them.
    /// </summary>
    public static BinanceResult<NewOrderRequest> PlaceOrder(ParameterReader parameters, long userId, TradingIntake intake, ClientOrderIds ids) =>
        ReadOrder(parameters, userId, intake, ids);

    /// <summary>
    /// POST /api/v3/order/test: every check POST /order makes before the engine — the order's own, then (after the
    /// unread parameters, in the same order as there) the market's status and filters — plus Binance's
    /// <c>computeCommissionRates</c> flag. What needs the book or the balance stays the engine's, as on Binance.
    /// </summary>
    public static BinanceResult<TestOrderRequest> TestOrder(ParameterReader parameters, long userId, TradingIntake intake, ClientOrderIds ids)
    {
        bool? computeCommissionRates = null;
        var order = ReadOrder(parameters, userId, intake, ids, () => computeCommissionRates = parameters.OptionalBool("computeCommissionRates"));
        if (order.Error is { } error)
        {
            return error;
        }

        return CheckMarketRules(order.Value!) is { } refused ? refused : new TestOrderRequest(order.Value!, computeCommissionRates ?? false);
    }

    /// <summary>The intake's market rules (status, filters) for a new order, in Binance's words; null when it passes.</summary>
    public static BinanceError? CheckMarketRules(NewOrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return TradingIntake.CheckMarketRules(new ValidatedOrder(order.Command, order.Market.ToTrading())) is { } refused
            ? BinanceRejections.For(refused)
            : null;
    }

    /// <summary>The new-order parameters and the order's own checks; <paramref name="readMore"/> reads an endpoint's own extra parameters.</summary>
    private static BinanceResult<NewOrderRequest> ReadOrder(ParameterReader parameters, long userId, TradingIntake intake, ClientOrderIds ids,
        Action? readMore = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(ids);
        parameters.MarkSignedParametersRead();
        var symbol = parameters.RequiredSymbol();
        var side = parameters.Required("side", WireEnums.Side);
        var type = parameters.Required("type", WireEnums.OrderType);
        if (!IsKnownMarket(parameters, symbol, intake))
        {
            return parameters.Error!;
        }

        var (intent, responseType) = ReadNewOrder(parameters, userId, symbol, side, type, ids);
        readMore?.Invoke();
        var order = Validate(parameters, () => intake.TranslateOrder(intent));
        return parameters.EnsureAllRead() is { } error ? error : ToRequest(order!, BinanceMarket.From(order!.Market), responseType, intent);
    }

    /// <summary>DELETE /api/v3/order.</summary>
    public static BinanceResult<CancelOrderRequest> CancelOrder(ParameterReader parameters, long userId, TradingIntake intake, ClientOrderIds ids)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(ids);
        string? newClientOrderId = null;
        var (symbol, target) = ReadTarget(parameters, intake, () => newClientOrderId = parameters.OptionalClientOrderId("newClientOrderId"));
        if (symbol is null)
        {
            return parameters.Error!;
        }

        var cancel = Validate(parameters, () => intake.CancelOrder(new CancelOrderIntent(userId, symbol, target)));
        return parameters.EnsureAllRead() is { } error
            ? error
            : new CancelOrderRequest(cancel!.Command, BinanceMarket.From(cancel.Market), newClientOrderId ?? ids.Next());
    }

    /// <summary>POST /api/v3/order/cancelReplace.</summary>
    public static BinanceResult<CancelReplaceRequest> CancelReplace(ParameterReader parameters, long userId, TradingIntake intake, ClientOrderIds ids)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(ids);
        parameters.MarkSignedParametersRead();
        var symbol = parameters.RequiredSymbol();
        var side = parameters.Required("side", WireEnums.Side);
        var type = parameters.Required("type", WireEnums.OrderType);
        var mode = parameters.Required("cancelReplaceMode", WireEnums.CancelReplaceMode);
        var cancelOrderId = parameters.OptionalLong("cancelOrderId", min: 1);
        var cancelOrigClientOrderId = parameters.OptionalString("cancelOrigClientOrderId");
        var cancelNewClientOrderId = parameters.OptionalClientOrderId("cancelNewClientOrderId");
        if (!IsKnownMarket(parameters, symbol, intake))
        {
            return parameters.Error!;
        }

        var (order, responseType) = ReadNewOrder(parameters, userId, symbol, side, type, ids);
        var intent = new CancelReplaceIntent(new OrderTarget(cancelOrderId, cancelOrigClientOrderId), order, mode == CancelReplaceMode.AllowFailure);
        var replace = Validate(parameters, () => intake.CancelReplace(intent));
        if (parameters.EnsureAllRead() is { } error)
        {
            return error;
        }

        var market = BinanceMarket.From(replace!.Market);
        return new CancelReplaceRequest(replace.Command, market, mode, cancelNewClientOrderId ?? ids.Next(),
            ToRequest(replace.NewOrder, market, responseType, order));
    }

    /// <summary>DELETE /api/v3/openOrders.</summary>
    public static BinanceResult<CancelOpenOrdersRequest> CancelOpenOrders(ParameterReader parameters, long userId, TradingIntake intake)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(intake);
        parameters.MarkSignedParametersRead();
        var symbol = parameters.RequiredSymbol();
        if (!IsKnownMarket(parameters, symbol, intake))
        {
            return parameters.Error!;
        }

        var cancel = Validate(parameters, () => intake.CancelAll(new CancelAllIntent(userId, symbol)));
        return parameters.EnsureAllRead() is { } error ? error : new CancelOpenOrdersRequest(cancel!.Command, BinanceMarket.From(cancel.Market));
    }

    /// <summary>GET /api/v3/order.</summary>
    public static BinanceResult<OrderLookup> QueryOrder(ParameterReader parameters, TradingIntake intake)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(intake);
        var (symbol, target) = ReadTarget(parameters, intake);
        if (symbol is null)
        {
            return parameters.Error!;
        }

        var query = Validate(parameters, () => intake.QueryOrder(new QueryOrderIntent(symbol, target)));
        return parameters.EnsureAllRead() is { } error
            ? error
            : new OrderLookup(BinanceMarket.From(query!.Market), query.OrderId, query.ClientOrderId);
    }

    /// <summary>
    /// The order a cancel or query names: <c>symbol</c> and <c>orderId</c> or <c>origClientOrderId</c>;
    /// <paramref name="readMore"/> reads the endpoint's other parameters before the market is looked up. A null symbol
    /// means an error was recorded on the reader.
    /// </summary>
    private static (string? Symbol, OrderTarget Target) ReadTarget(ParameterReader parameters, TradingIntake intake, Action? readMore = null)
    {
        parameters.MarkSignedParametersRead();
        var symbol = parameters.RequiredSymbol();
        var orderId = parameters.OptionalLong("orderId", min: 1);
        var origClientOrderId = parameters.OptionalString("origClientOrderId");
        readMore?.Invoke();
        return IsKnownMarket(parameters, symbol, intake) ? (symbol, new OrderTarget(orderId, origClientOrderId)) : (null, default);
    }

    /// <summary>
    /// False after recording an error: one already recorded, or -1121 for a symbol no market has (checked before the
    /// other parameters, as Binance does).
    /// </summary>
    private static bool IsKnownMarket(ParameterReader parameters, string symbol, TradingIntake intake)
    {
        if (parameters.Error is not null)
        {
            return false;
        }

        if (intake.FindMarket(symbol) is null)
        {
            parameters.Fail(BinanceErrors.InvalidSymbol);
            return false;
        }

        return true;
    }

    /// <summary>Asks the intake unless the parameters already failed; a rejection goes to the reader in Binance's words.</summary>
    private static T? Validate<T>(ParameterReader parameters, Func<IntakeResult<T>> validate)
        where T : class
    {
        if (parameters.Error is not null)
        {
            return null;
        }

        var result = validate();
        if (!result.IsAccepted)
        {
            parameters.Fail(BinanceRejections.For(result.Rejection));
        }

        return result.Value;
    }

    /// <summary>The new-order parameters shared by POST /order and cancel-replace; problems go to the reader.</summary>
    private static (OrderIntent Intent, OrderResponseType? ResponseType) ReadNewOrder(ParameterReader parameters, long userId, string symbol,
        Side side, OrderType type, ClientOrderIds ids)
    {
        var intent = new OrderIntent(userId, symbol, side, type)
        {
            TimeInForce = parameters.Optional("timeInForce", WireEnums.TimeInForce),
            Quantity = parameters.OptionalAmount("quantity"),
            QuoteQuantity = parameters.OptionalAmount("quoteOrderQty"),
            Price = parameters.OptionalAmount("price"),
            StopPrice = parameters.OptionalAmount("stopPrice"),
            IcebergQuantity = parameters.OptionalAmount("icebergQty"),
        };
        intent = intent with { ClientOrderId = parameters.OptionalClientOrderId("newClientOrderId") ?? ids.Next() };
        var responseType = parameters.Optional("newOrderRespType", WireEnums.OrderResponseType);
        return (intent with { SelfTradePrevention = parameters.Optional("selfTradePreventionMode", WireEnums.SelfTradePrevention) }, responseType);
    }

    private static NewOrderRequest ToRequest(ValidatedOrder order, BinanceMarket market, OrderResponseType? responseType, OrderIntent intent)
    {
        var defaultResponse = intent.Type is OrderType.Market or OrderType.Limit ? OrderResponseType.Full : OrderResponseType.Ack;
        return new NewOrderRequest(order.Command, market, responseType ?? defaultResponse, intent.IcebergQuantity is not null);
    }
}
