using Bourse.Api.Binance;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.Responses;

/// <summary>Order answers built from the events of real core runs, compared as JSON.</summary>
public class OrderResponsesTests
{
    private const long Taker = 1;
    private const long Maker = 2;

    /// <summary>Commands 1–3 set up BTCUSDT, 4–5 fund, 6 and 7 rest the maker's asks: 0.1 at 65000, 0.2 at 65001.</summary>
    private static TestExchange Book()
    {
        var x = new TestExchange();
        x.Fund(Maker, Btc, 10);
        x.Fund(Taker, Usdt, 100_000);
        x.Rest(Maker, Side.Sell, 65000, 0.1m, "maker-1");
        x.Rest(Maker, Side.Sell, 65001, 0.2m, "maker-2");
        return x;
    }

    private static (NewOrderRequest Request, Event[] Events) Place(TestExchange x, long user, string query)
    {
        var request = x.Translate(user, "symbol=BTCUSDT&" + query);
        return (request, x.Apply(request.Command));
    }

    private static NewOrderResponse Placed(TestExchange x, long user, string query)
    {
        var (request, events) = Place(x, user, query);
        var result = OrderResponses.Placed(events, request);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    private static BinanceError Refused(TestExchange x, long user, string query)
    {
        var (request, events) = Place(x, user, query);
        var result = OrderResponses.Placed(events, request);
        Assert.False(result.IsSuccess, "expected a refusal");
        return result.Error;
    }

    private static string Json(object value)
    {
        var json = BinanceJson.Serialize(value);
        if (value is not BinanceError)
        {
            // CCXT treats any body with these keys as an error.
            Assert.DoesNotContain("\"code\"", json, StringComparison.Ordinal);
            Assert.DoesNotContain("\"msg\"", json, StringComparison.Ordinal);
            Assert.DoesNotContain("\"success\"", json, StringComparison.Ordinal);
        }

        return json;
    }

    [Fact]
    public void Full_response_of_a_market_buy_lists_each_fill_with_its_commission()
    {
        var x = Book();

        var response = Placed(x, Taker, "side=BUY&type=MARKET&quantity=0.15&newClientOrderId=taker-1");

        Assert.Equal(
            """{"symbol":"BTCUSDT","orderId":8,"orderListId":-1,"clientOrderId":"taker-1","transactTime":1700000000008,"price":"0.00000000","origQty":"0.15000000","executedQty":"0.15000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"9750.05000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"BUY","workingTime":1700000000008,"selfTradePreventionMode":"EXPIRE_MAKER","fills":[{"price":"65000.00000000","qty":"0.10000000","commission":"0.00010000","commissionAsset":"BTC","tradeId":1},{"price":"65001.00000000","qty":"0.05000000","commission":"0.00005000","commissionAsset":"BTC","tradeId":2}]}""",
            Json(response));
    }

    [Fact]
    public void Ack_response_has_the_ids_and_the_time_only()
    {
        var x = Book();

        var response = Placed(x, Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000&newClientOrderId=bid-1&newOrderRespType=ACK");

        Assert.Equal("""{"symbol":"BTCUSDT","orderId":8,"orderListId":-1,"clientOrderId":"bid-1","transactTime":1700000000008}""", Json(response));
    }

    [Fact]
    public void Result_response_shows_the_state_after_placement_without_fills()
    {
        var x = Book();

        var response = Placed(x, Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.3&price=65000&newClientOrderId=bid-2&newOrderRespType=RESULT");

        Assert.Equal(
            """{"symbol":"BTCUSDT","orderId":8,"orderListId":-1,"clientOrderId":"bid-2","transactTime":1700000000008,"price":"65000.00000000","origQty":"0.30000000","executedQty":"0.10000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"6500.00000000","status":"PARTIALLY_FILLED","timeInForce":"GTC","type":"LIMIT","side":"BUY","workingTime":1700000000008,"selfTradePreventionMode":"EXPIRE_MAKER"}""",
            Json(response));
    }

    [Fact]
    public void An_unfillable_fill_or_kill_is_answered_as_an_expired_order()
    {
        var x = Book();
        var before = x.Core.ComputeStateHash();

        var response = Placed(x, Taker, "side=BUY&type=LIMIT&timeInForce=FOK&quantity=1&price=65001&newClientOrderId=fok-1");

        Assert.Equal(
            """{"symbol":"BTCUSDT","orderId":8,"orderListId":-1,"clientOrderId":"fok-1","transactTime":1700000000008,"price":"65001.00000000","origQty":"1.00000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"EXPIRED","timeInForce":"FOK","type":"LIMIT","side":"BUY","workingTime":1700000000008,"selfTradePreventionMode":"EXPIRE_MAKER","fills":[]}""",
            Json(response));
        Assert.Equal(before, x.Core.ComputeStateHash());
    }

    [Fact]
    public void A_waiting_stop_order_is_new_and_not_yet_working()
    {
        var x = Book();

        var response = Placed(x, Taker, "side=BUY&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=66000&stopPrice=65500&newOrderRespType=RESULT&newClientOrderId=stop-1");

        Assert.Equal(
            """{"symbol":"BTCUSDT","orderId":8,"orderListId":-1,"clientOrderId":"stop-1","transactTime":1700000000008,"price":"66000.00000000","origQty":"0.01000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"STOP_LOSS_LIMIT","side":"BUY","stopPrice":"65500.00000000","workingTime":-1,"selfTradePreventionMode":"EXPIRE_MAKER"}""",
            Json(response));
    }

    [Fact]
    public void An_order_expired_by_self_trade_prevention_reports_the_prevented_quantity()
    {
        var x = Book();
        x.Fund(Maker, Usdt, 100_000);

        var response = Placed(x, Maker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=65000&selfTradePreventionMode=EXPIRE_TAKER&newOrderRespType=RESULT&newClientOrderId=self-1");

        Assert.Equal(
            """{"symbol":"BTCUSDT","orderId":9,"orderListId":-1,"clientOrderId":"self-1","transactTime":1700000000009,"price":"65000.00000000","origQty":"0.10000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"EXPIRED_IN_MATCH","timeInForce":"GTC","type":"LIMIT","side":"BUY","workingTime":1700000000009,"preventedMatchId":9,"preventedQuantity":"0.10000000","selfTradePreventionMode":"EXPIRE_TAKER"}""",
            Json(response));
    }

    [Fact]
    public void A_market_buy_by_quote_amount_shows_the_quantity_it_bought()
    {
        var x = Book();

        var response = Placed(x, Taker, "side=BUY&type=MARKET&quoteOrderQty=6500&newOrderRespType=RESULT");

        Assert.Equal(("0.10000000", "0.10000000", "6500.00000000", "6500.00000000", "FILLED"),
            (response.OrigQty, response.ExecutedQty, response.OrigQuoteOrderQty, response.CummulativeQuoteQty, response.Status));
    }

    [Fact]
    public void An_iceberg_order_reports_its_visible_quantity()
    {
        var x = Book();

        var response = Placed(x, Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=60000&icebergQty=0.1&newOrderRespType=RESULT");

        Assert.Equal(("0.10000000", "NEW"), (response.IcebergQty, response.Status));
        Assert.Contains("\"icebergQty\":\"0.10000000\"", Json(response), StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_client_order_id_is_reported()
    {
        var x = Book();
        var (request, events) = Place(x, Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000&newOrderRespType=ACK");

        var response = OrderResponses.Placed(events, request).Value!;

        Assert.Equal(request.ClientOrderId, response.ClientOrderId);
        Assert.Equal(ClientOrderIds.GeneratedLength, response.ClientOrderId.Length);
    }

    [Theory]
    [InlineData(Taker, "side=BUY&type=LIMIT_MAKER&quantity=0.01&price=65000", -2010, "Order would immediately match and take.")]
    [InlineData(Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=10&price=65000", -2010, "Account has insufficient balance for requested action.")]
    [InlineData(Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000.005", -1013, "Filter failure: PRICE_FILTER")]
    [InlineData(Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.000001&price=60000", -1013, "Filter failure: LOT_SIZE")]
    [InlineData(Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00001&price=60000", -1013, "Filter failure: NOTIONAL")]
    [InlineData(Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0&price=60000", -1013, "Invalid quantity.")]
    [InlineData(Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0", -1013, "Invalid price.")]
    [InlineData(Maker, "side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.1&price=70000&newClientOrderId=maker-1", -2010, "Duplicate order sent.")]
    public void A_refused_order_is_answered_with_binances_error(long user, string query, int code, string msg)
    {
        var x = Book();

        var error = Refused(x, user, query);

        Assert.Equal((code, msg, 400), (error.Code, error.Msg, error.HttpStatus));
    }

    [Fact]
    public void A_stop_that_would_trigger_at_once_is_refused()
    {
        var x = Book();
        Placed(x, Taker, "side=BUY&type=MARKET&quantity=0.01");

        var error = Refused(x, Taker, "side=BUY&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=65000&stopPrice=64000");

        Assert.Equal((-2010, "Order would trigger immediately."), (error.Code, error.Msg));
    }

    [Fact]
    public void An_order_in_a_halted_market_is_refused_as_market_closed()
    {
        var x = Book();
        x.Apply(Bourse.Core.Commands.Command.SetMarketStatus(BtcUsdt, MarketStatus.Halted));

        var error = Refused(x, Taker, "side=BUY&type=MARKET&quantity=0.01");

        Assert.Equal((-1013, "Market is closed."), (error.Code, error.Msg));
    }

    [Fact]
    public void A_cancel_answers_with_the_canceled_order()
    {
        var x = Book();
        var bid = x.Rest(Taker, Side.Buy, 60000, 0.01m, "bid-1");
        var request = OrderRequests.CancelOrder(Read($"symbol=BTCUSDT&orderId={bid}&newClientOrderId=cancel-1"), Taker, Intake, x.Ids).Value!;

        var response = OrderResponses.Canceled(x.Apply(request.Command), request);

        Assert.Equal(
            """{"symbol":"BTCUSDT","origClientOrderId":"bid-1","orderId":8,"orderListId":-1,"clientOrderId":"cancel-1","transactTime":1700000000009,"price":"60000.00000000","origQty":"0.01000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC","type":"LIMIT","side":"BUY","selfTradePreventionMode":"NONE"}""",
            Json(response.Value!));
    }

    [Fact]
    public void A_cancel_by_client_order_id_finds_the_order()
    {
        var x = Book();
        var request = OrderRequests.CancelOrder(Read("symbol=BTCUSDT&origClientOrderId=maker-2"), Maker, Intake, x.Ids).Value!;

        var response = OrderResponses.Canceled(x.Apply(request.Command), request).Value!;

        Assert.Equal((7L, "maker-2", "0.20000000", "CANCELED"), (response.OrderId, response.OrigClientOrderId, response.OrigQty, response.Status));
    }

    [Theory]
    [InlineData(Maker, "orderId=999")]
    [InlineData(Taker, "orderId=6")]
    [InlineData(Maker, "origClientOrderId=nothing")]
    public void Canceling_an_order_that_is_not_yours_and_open_is_unknown(long user, string target)
    {
        var x = Book();
        var request = OrderRequests.CancelOrder(Read("symbol=BTCUSDT&" + target), user, Intake, x.Ids).Value!;

        var error = OrderResponses.Canceled(x.Apply(request.Command), request).Error;

        Assert.Equal((-2011, "Unknown order sent."), (error?.Code, error?.Msg));
    }

    [Fact]
    public void Canceling_all_open_orders_lists_each_one()
    {
        var x = Book();
        var request = OrderRequests.CancelOpenOrders(Read("symbol=BTCUSDT"), Maker, Intake).Value!;

        var response = OrderResponses.CanceledAll(x.Apply(request.Command), request, x.Ids).Value!;

        Assert.Equal(["maker-1", "maker-2"], response.Select(r => r.OrigClientOrderId));
        Assert.All(response, r => Assert.Equal("CANCELED", r.Status));
        Assert.All(response, r => Assert.True(ClientOrderIds.IsValid(r.ClientOrderId)));
        Assert.StartsWith("[{\"symbol\":\"BTCUSDT\",\"origClientOrderId\":\"maker-1\"", Json(response), StringComparison.Ordinal);
    }

    [Fact]
    public void Canceling_all_when_nothing_is_open_is_an_unknown_order()
    {
        var x = Book();
        var request = OrderRequests.CancelOpenOrders(Read("symbol=BTCUSDT"), Taker, Intake).Value!;

        Assert.Equal(-2011, OrderResponses.CanceledAll(x.Apply(request.Command), request, x.Ids).Error?.Code);
    }

    private static (BinanceResult<CancelReplaceResponse> Result, TestExchange X) CancelReplace(string query)
    {
        var x = Book();
        var request = OrderRequests.CancelReplace(Read("symbol=BTCUSDT&" + query), Maker, Intake, x.Ids);
        Assert.True(request.IsSuccess, request.ToString());
        return (OrderResponses.CancelReplaced(x.Apply(request.Value.Command), request.Value), x);
    }

    [Fact]
    public void Cancel_replace_answers_with_both_halves()
    {
        var (result, _) = CancelReplace(
            "side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.1&price=65500&cancelReplaceMode=STOP_ON_FAILURE&cancelOrderId=6&cancelNewClientOrderId=c-1&newClientOrderId=n-1&newOrderRespType=ACK");

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(
            """{"cancelResult":"SUCCESS","newOrderResult":"SUCCESS","cancelResponse":{"symbol":"BTCUSDT","origClientOrderId":"maker-1","orderId":6,"orderListId":-1,"clientOrderId":"c-1","transactTime":1700000000008,"price":"65000.00000000","origQty":"0.10000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC","type":"LIMIT","side":"SELL","selfTradePreventionMode":"NONE"},"newOrderResponse":{"symbol":"BTCUSDT","orderId":8,"orderListId":-1,"clientOrderId":"n-1","transactTime":1700000000008}}""",
            Json(result.Value));
    }

    [Fact]
    public void Cancel_replace_that_cannot_cancel_stops_and_places_nothing()
    {
        var (result, x) = CancelReplace("side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.1&price=65500&cancelReplaceMode=STOP_ON_FAILURE&cancelOrderId=999");

        Assert.Equal((-2022, 400), (result.Error?.Code, result.Error?.HttpStatus));
        Assert.Equal(
            """{"code":-2022,"msg":"Order cancel-replace failed.","data":{"cancelResult":"FAILURE","newOrderResult":"NOT_ATTEMPTED","cancelResponse":{"code":-2011,"msg":"Unknown order sent."},"newOrderResponse":null}}""",
            Json(result.Error!));
        Assert.Equal(2, x.Core.OpenOrderCount);
    }

    [Fact]
    public void Cancel_replace_allowed_to_fail_places_the_new_order_anyway()
    {
        var (result, x) = CancelReplace("side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.1&price=65500&cancelReplaceMode=ALLOW_FAILURE&cancelOrderId=999&newOrderRespType=ACK&newClientOrderId=n-1");

        Assert.Equal((-2021, 409), (result.Error?.Code, result.Error?.HttpStatus));
        Assert.Equal(
            """{"code":-2021,"msg":"Order cancel-replace partially failed.","data":{"cancelResult":"FAILURE","newOrderResult":"SUCCESS","cancelResponse":{"code":-2011,"msg":"Unknown order sent."},"newOrderResponse":{"symbol":"BTCUSDT","orderId":8,"orderListId":-1,"clientOrderId":"n-1","transactTime":1700000000008}}}""",
            Json(result.Error!));
        Assert.Equal(3, x.Core.OpenOrderCount);
    }

    [Fact]
    public void Cancel_replace_whose_new_order_fails_keeps_the_cancel()
    {
        var (result, x) = CancelReplace("side=SELL&type=LIMIT&timeInForce=GTC&quantity=100&price=65500&cancelReplaceMode=STOP_ON_FAILURE&cancelOrderId=6");

        var data = Assert.IsType<CancelReplaceResponse>(result.Error?.Data);
        Assert.Equal(-2021, result.Error!.Code);
        Assert.Equal(("SUCCESS", "FAILURE"), (data.CancelResult, data.NewOrderResult));
        Assert.Equal("CANCELED", Assert.IsType<CancelOrderResponse>(data.CancelResponse).Status);
        Assert.Equal(BinanceErrors.InsufficientBalance, data.NewOrderResponse);
        Assert.Equal(1, x.Core.OpenOrderCount);
    }

    [Fact]
    public void Cancel_replace_failing_both_ways_is_a_failure()
    {
        var (result, _) = CancelReplace("side=SELL&type=LIMIT&timeInForce=GTC&quantity=100&price=65500&cancelReplaceMode=ALLOW_FAILURE&cancelOrderId=999");

        var data = Assert.IsType<CancelReplaceResponse>(result.Error?.Data);
        Assert.Equal(-2022, result.Error!.Code);
        Assert.Equal(("FAILURE", "FAILURE"), (data.CancelResult, data.NewOrderResult));
    }

    [Fact]
    public void An_order_query_shows_the_latest_state()
    {
        var x = Book();
        var (_, events) = Place(x, Taker, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.3&price=65000&newClientOrderId=bid-2");
        var state = events.Last(e => e.OrderId == 8 && e.Type is (EventType.OrderAccepted or EventType.OrderPartiallyFilled));

        var response = OrderResponses.Query(state, state.Timestamp, Market);

        Assert.Equal(
            """{"symbol":"BTCUSDT","orderId":8,"orderListId":-1,"clientOrderId":"bid-2","price":"65000.00000000","origQty":"0.30000000","executedQty":"0.10000000","cummulativeQuoteQty":"6500.00000000","status":"PARTIALLY_FILLED","timeInForce":"GTC","type":"LIMIT","side":"BUY","time":1700000000008,"updateTime":1700000000008,"isWorking":true,"workingTime":1700000000008,"origQuoteOrderQty":"0.00000000","selfTradePreventionMode":"EXPIRE_MAKER"}""",
            Json(response));
    }

    [Fact]
    public void An_order_query_of_a_waiting_stop_shows_it_not_working()
    {
        var x = Book();
        var (_, events) = Place(x, Taker, "side=BUY&type=TAKE_PROFIT_LIMIT&timeInForce=GTC&quantity=0.01&price=60000&stopPrice=60000");

        var response = OrderResponses.Query(events.Single(e => e.Type == EventType.OrderAccepted), 1, Market);

        Assert.Equal(("NEW", false, -1L, "60000.00000000"), (response.Status, response.IsWorking, response.WorkingTime, response.StopPrice));
    }

    [Fact]
    public void An_order_query_of_an_unfillable_fill_or_kill_shows_it_expired()
    {
        var x = Book();
        var (_, events) = Place(x, Taker, "side=BUY&type=LIMIT&timeInForce=FOK&quantity=1&price=65001");

        var response = OrderResponses.Query(events.Single(e => e.Type == EventType.OrderRejected), 1, Market);

        Assert.Equal(("EXPIRED", "0.00000000"), (response.Status, response.ExecutedQty));
    }
}
