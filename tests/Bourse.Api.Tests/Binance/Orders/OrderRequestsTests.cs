using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Core.Model;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.Orders;

public class OrderRequestsTests
{
    private const long User = 7;
    private const string Signed = "&timestamp=1700000000000&recvWindow=10000&signature=00";

    private static BinanceMarket MarketWith(SelfTradePrevention stp) => Market with { DefaultSelfTradePrevention = stp };

    private static BinanceResult<NewOrderRequest> Place(string query) =>
        OrderRequests.PlaceOrder(Read(query), User, Intake, new ClientOrderIds(new Random(1)));

    private static NewOrderRequest Placed(string query)
    {
        var result = Place(query);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    private static void Refused(string query, int code, string msg)
    {
        var result = Place(query);
        Assert.False(result.IsSuccess, "expected a refusal");
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(msg, result.Error.Msg);
    }

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=65000.005", "Filter failure: PRICE_FILTER")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=9001&price=65000", "Filter failure: LOT_SIZE")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00001&price=1", "Filter failure: NOTIONAL")]
    public void A_test_order_is_refused_by_the_market_filters_the_placed_order_meets_after_it_is_counted(string query, string msg)
    {
        var test = OrderRequests.TestOrder(Read(query), User, Intake, new ClientOrderIds(new Random(1)));
        var placed = Placed(query);

        Assert.Equal((-1013, msg), (test.Error?.Code, test.Error?.Msg));
        Assert.Equal(test.Error, OrderRequests.CheckMarketRules(placed));
    }

    [Fact]
    public void A_test_order_reads_compute_commission_rates_which_a_placed_order_does_not_take()
    {
        const string order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=65000";
        var ids = new ClientOrderIds(new Random(1));

        Assert.False(OrderRequests.TestOrder(Read(order), User, Intake, ids).Value!.ComputeCommissionRates);
        Assert.True(OrderRequests.TestOrder(Read(order + "&computeCommissionRates=true"), User, Intake, ids).Value!.ComputeCommissionRates);
        Assert.Equal(-1100, OrderRequests.TestOrder(Read(order + "&computeCommissionRates=yes"), User, Intake, ids).Error?.Code);
        Refused(order + "&computeCommissionRates=true", -1104, "Not all sent parameters were read; read '6' parameter(s) but was sent '7'.");
    }

    [Fact]
    public void A_limit_order_becomes_a_place_order_command()
    {
        var request = Placed("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=65000.01&newClientOrderId=x-TKT5PX2Fabc" + Signed);

        var c = request.Command;
        Assert.Equal(CommandType.PlaceOrder, c.Type);
        Assert.Equal((User, BtcUsdt, Side.Buy, OrderType.Limit, TimeInForce.Gtc), (c.UserId, c.MarketId, c.Side, c.OrderType, c.TimeInForce));
        Assert.Equal((Units(0.5m), Units(65000.01m), 0L, 0L, 0L), (c.Quantity, c.Price, c.QuoteQuantity, c.StopPrice, c.IcebergQuantity));
        Assert.Equal("x-TKT5PX2Fabc", c.ClientOrderId);
        Assert.Equal("x-TKT5PX2Fabc", request.ClientOrderId);
        Assert.Equal(OrderResponseType.Full, request.ResponseType);
        Assert.Equal(Market, request.Market);
        Assert.False(request.IcebergSent);
    }

    [Fact]
    public void A_market_order_by_quantity_has_no_price_or_time_in_force()
    {
        var c = Placed("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.01").Command;

        Assert.Equal((OrderType.Market, TimeInForce.None, Units(0.01m), 0L, 0L), (c.OrderType, c.TimeInForce, c.Quantity, c.QuoteQuantity, c.Price));
    }

    [Fact]
    public void A_market_order_by_quote_amount_spends_quoteOrderQty()
    {
        var request = Placed("symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100.5");

        Assert.Equal((0L, Units(100.5m)), (request.Command.Quantity, request.Command.QuoteQuantity));
        Assert.Equal(OrderResponseType.Full, request.ResponseType);
    }

    [Theory]
    [InlineData("STOP_LOSS_LIMIT", OrderType.StopLossLimit)]
    [InlineData("TAKE_PROFIT_LIMIT", OrderType.TakeProfitLimit)]
    public void Stop_limit_orders_carry_their_stop_price(string type, OrderType expected)
    {
        var request = Placed($"symbol=BTCUSDT&side=SELL&type={type}&timeInForce=GTC&quantity=1&price=60000&stopPrice=60100");

        Assert.Equal((expected, Units(60100m), Units(60000m)), (request.Command.OrderType, request.Command.StopPrice, request.Command.Price));
        Assert.Equal(OrderResponseType.Ack, request.ResponseType);
    }

    [Fact]
    public void A_limit_maker_order_takes_no_time_in_force()
    {
        var request = Placed("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=1&price=60000");

        Assert.Equal((OrderType.LimitMaker, TimeInForce.None), (request.Command.OrderType, request.Command.TimeInForce));
        Assert.Equal(OrderResponseType.Ack, request.ResponseType);
    }

    [Fact]
    public void An_iceberg_order_shows_its_visible_quantity()
    {
        var request = Placed("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=60000&icebergQty=0.1");

        Assert.Equal(Units(0.1m), request.Command.IcebergQuantity);
        Assert.True(request.IcebergSent);
    }

    [Fact]
    public void The_response_type_can_be_chosen()
    {
        Assert.Equal(OrderResponseType.Ack, Placed("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&newOrderRespType=ACK").ResponseType);
        Assert.Equal(OrderResponseType.Result, Placed("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=1&price=1&newOrderRespType=RESULT").ResponseType);
    }

    [Fact]
    public void A_client_order_id_is_generated_when_none_is_sent()
    {
        var first = Placed("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1").ClientOrderId;
        var again = Placed("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1").ClientOrderId;

        Assert.Equal(ClientOrderIds.GeneratedLength, first.Length);
        Assert.True(ClientOrderIds.IsValid(first));
        Assert.Equal(first, again);
    }

    [Fact]
    public void Self_trade_prevention_defaults_to_the_markets_mode()
    {
        var none = OrderRequests.PlaceOrder(Read("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1"), User,
            IntakeFor(MarketWith(SelfTradePrevention.None)), ClientOrderIds.Shared);

        Assert.Equal(SelfTradePrevention.ExpireMaker, Placed("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1").Command.SelfTradePrevention);
        Assert.Equal(SelfTradePrevention.None, none.Value!.Command.SelfTradePrevention);
        Assert.Equal(SelfTradePrevention.ExpireBoth,
            Placed("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&selfTradePreventionMode=EXPIRE_BOTH").Command.SelfTradePrevention);
    }

    [Fact]
    public void Parameters_may_come_in_the_body()
    {
        var result = OrderRequests.PlaceOrder(Read("", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=1&price=1" + Signed),
            User, Intake, ClientOrderIds.Shared);

        Assert.Equal(TimeInForce.Ioc, result.Value!.Command.TimeInForce);
    }

    [Theory]
    [InlineData("side=BUY&type=LIMIT", -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=BTCUSDT&type=LIMIT", -1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=BTCUSDT&side=BUY", -1102, "Mandatory parameter 'type' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=ETHUSDT&side=BUY&type=MARKET&quantity=1", -1121, "Invalid symbol.")]
    [InlineData("symbol=BTCUSDT&side=HOLD&type=MARKET&quantity=1", -1117, "Invalid side.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=OCO&quantity=1", -1116, "Invalid orderType.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=STOP_LOSS&quantity=1&stopPrice=1", -2010, "Stop loss orders are not supported for this symbol.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTD&quantity=1&price=1", -1115, "Invalid timeInForce.")]
    public void Missing_or_unknown_essentials_are_refused(string query, int code, string msg) => Refused(query, code, msg);

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1", -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&price=1", -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1", -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1&quoteOrderQty=1", -1106, "Parameter 'quoteOrderQty' sent when not required.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1&stopPrice=1", -1106, "Parameter 'stopPrice' sent when not required.")]
    public void A_limit_order_needs_time_in_force_quantity_and_price(string query, int code, string msg) => Refused(query, code, msg);

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET", -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&quoteOrderQty=1", -1106, "Parameter 'quoteOrderQty' sent when not required.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&price=1", -1106, "Parameter 'price' sent when not required.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&timeInForce=GTC", -1106, "Parameter 'timeInForce' sent when not required.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&stopPrice=1", -1106, "Parameter 'stopPrice' sent when not required.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&icebergQty=1", -1106, "Parameter 'icebergQty' sent when not required.")]
    public void A_market_order_takes_quantity_or_quote_amount_and_nothing_else(string query, int code, string msg) => Refused(query, code, msg);

    [Theory]
    [InlineData("STOP_LOSS_LIMIT")]
    [InlineData("TAKE_PROFIT_LIMIT")]
    public void A_stop_limit_order_needs_a_stop_price(string type) =>
        Refused($"symbol=BTCUSDT&side=SELL&type={type}&timeInForce=GTC&quantity=1&price=1", -1102,
            "Mandatory parameter 'stopPrice' was not sent, was empty/null, or malformed.");

    [Fact]
    public void A_stop_limit_order_needs_a_time_in_force() =>
        Refused("symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&quantity=1&price=1&stopPrice=1", -1102,
            "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&timeInForce=GTC&quantity=1&price=1", -1106, "Parameter 'timeInForce' sent when not required.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&price=1", -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=1", -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=1&price=1&stopPrice=1", -1106, "Parameter 'stopPrice' sent when not required.")]
    public void A_limit_maker_order_needs_quantity_and_price_only(string query, int code, string msg) => Refused(query, code, msg);

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=1&price=1&icebergQty=0.1", -1014, "Unsupported order combination.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1&icebergQty=2", -2010, "IcebergQty exceeds QTY.")]
    public void An_iceberg_must_rest_and_be_smaller_than_the_order(string query, int code, string msg) => Refused(query, code, msg);

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.000000001&price=1", -1111, "Precision is over the maximum defined for this asset.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1.000000001", -1111, "Precision is over the maximum defined for this asset.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=-1&price=1", -1100, "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=99999999999999999999", -1013, "Filter failure: PRICE_FILTER")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=99999999999999999999&price=1", -1013, "Filter failure: LOT_SIZE")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=99999999999999999999", -1013, "Filter failure: NOTIONAL")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&newClientOrderId=not%20valid", -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=", -1105, "Parameter 'quantity' was empty.")]
    public void Malformed_amounts_and_ids_are_refused(string query, int code, string msg) => Refused(query, code, msg);

    [Fact]
    public void A_parameter_the_endpoint_does_not_take_is_refused() =>
        Refused("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&trailingDelta=100" + Signed, -1104,
            "Not all sent parameters were read; read '7' parameter(s) but was sent '8'.");

    [Fact]
    public void A_cancel_names_the_order_by_id_or_client_id()
    {
        var ids = new ClientOrderIds(new Random(3));
        var byId = OrderRequests.CancelOrder(Read("symbol=BTCUSDT&orderId=42&newClientOrderId=cancel-1" + Signed), User, Intake, ids);
        var byClientId = OrderRequests.CancelOrder(Read("symbol=BTCUSDT&origClientOrderId=x-TKT5PX2Fabc"), User, Intake, ids);

        Assert.Equal((CommandType.CancelOrder, User, BtcUsdt, 42L), (byId.Value!.Command.Type, byId.Value.Command.UserId, byId.Value.Command.MarketId, byId.Value.Command.TargetOrderId));
        Assert.Equal("cancel-1", byId.Value.NewClientOrderId);
        Assert.Equal((0L, "x-TKT5PX2Fabc"), (byClientId.Value!.Command.TargetOrderId, byClientId.Value.Command.TargetClientOrderId));
        Assert.Equal(ClientOrderIds.GeneratedLength, byClientId.Value.NewClientOrderId.Length);
    }

    [Theory]
    [InlineData("symbol=BTCUSDT", -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!")]
    [InlineData("symbol=BTCUSDT&orderId=0", -1130, "Data sent for parameter 'orderId' is not valid.")]
    [InlineData("symbol=BTCUSD&orderId=1", -1121, "Invalid symbol.")]
    [InlineData("orderId=1", -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")]
    public void A_cancel_without_a_target_is_refused(string query, int code, string msg)
    {
        var error = OrderRequests.CancelOrder(Read(query), User, Intake, ClientOrderIds.Shared).Error;

        Assert.Equal((code, msg), (error?.Code, error?.Msg));
    }

    [Fact]
    public void Cancel_replace_cancels_the_target_and_places_the_new_order_in_one_command()
    {
        var result = OrderRequests.CancelReplace(Read(
            "symbol=BTCUSDT&side=SELL&type=LIMIT&cancelReplaceMode=ALLOW_FAILURE&cancelOrderId=9&timeInForce=GTC&quantity=1&price=70000&cancelNewClientOrderId=c-1&newClientOrderId=n-1" + Signed),
            User, Intake, ClientOrderIds.Shared);

        var request = result.Value!;
        var c = request.Command;
        Assert.Equal((CommandType.CancelReplaceOrder, 9L, true), (c.Type, c.TargetOrderId, c.AllowCancelFailure));
        Assert.Equal((Side.Sell, OrderType.Limit, Units(70000m), Units(1m), "n-1"), (c.Side, c.OrderType, c.Price, c.Quantity, c.ClientOrderId));
        Assert.Equal((CancelReplaceMode.AllowFailure, "c-1"), (request.Mode, request.CancelNewClientOrderId));
        Assert.Equal(CommandType.PlaceOrder, request.NewOrder.Command.Type);
        Assert.Equal(OrderResponseType.Full, request.NewOrder.ResponseType);
    }

    [Fact]
    public void Cancel_replace_can_target_a_client_order_id()
    {
        var result = OrderRequests.CancelReplace(Read(
            "symbol=BTCUSDT&side=BUY&type=MARKET&cancelReplaceMode=STOP_ON_FAILURE&cancelOrigClientOrderId=old&quantity=1"),
            User, Intake, ClientOrderIds.Shared);

        Assert.Equal((0L, "old", false), (result.Value!.Command.TargetOrderId, result.Value.Command.TargetClientOrderId, result.Value.Command.AllowCancelFailure));
    }

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&cancelOrderId=1", -1102, "Mandatory parameter 'cancelReplaceMode' was not sent, was empty/null, or malformed.")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&cancelReplaceMode=STOP_ON_FAILURE", -1102, "Param 'cancelOrderId' or 'cancelOrigClientOrderId' must be sent, but both were empty/null!")]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1&cancelReplaceMode=STOP_ON_FAILURE&cancelOrderId=1", -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.")]
    public void Cancel_replace_needs_a_mode_a_target_and_a_valid_new_order(string query, int code, string msg)
    {
        var error = OrderRequests.CancelReplace(Read(query), User, Intake, ClientOrderIds.Shared).Error;

        Assert.Equal((code, msg), (error?.Code, error?.Msg));
    }

    [Fact]
    public void Cancel_open_orders_cancels_everything_in_the_market()
    {
        var result = OrderRequests.CancelOpenOrders(Read("symbol=BTCUSDT" + Signed), User, Intake);

        Assert.Equal((CommandType.CancelAllOrders, User, BtcUsdt), (result.Value!.Command.Type, result.Value.Command.UserId, result.Value.Command.MarketId));
        Assert.Equal(-1121, OrderRequests.CancelOpenOrders(Read("symbol=XYZ"), User, Intake).Error?.Code);
        Assert.Equal(-1104, OrderRequests.CancelOpenOrders(Read("symbol=BTCUSDT&orderId=1"), User, Intake).Error?.Code);
    }

    [Fact]
    public void An_order_query_names_the_order_by_id_or_client_id()
    {
        var byId = OrderRequests.QueryOrder(Read("symbol=BTCUSDT&orderId=5" + Signed), Intake);
        var byClientId = OrderRequests.QueryOrder(Read("symbol=BTCUSDT&origClientOrderId=abc"), Intake);

        Assert.Equal((5L, (string?)null), (byId.Value!.OrderId, byId.Value.OrigClientOrderId));
        Assert.Equal(((long?)null, "abc"), (byClientId.Value!.OrderId, byClientId.Value.OrigClientOrderId));
        Assert.Equal(-1102, OrderRequests.QueryOrder(Read("symbol=BTCUSDT"), Intake).Error?.Code);
    }
}
