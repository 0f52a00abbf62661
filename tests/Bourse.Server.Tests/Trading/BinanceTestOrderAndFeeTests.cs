using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Server.Tests.Trading;

/// <summary>
/// POST /api/v3/order/test judged exactly as POST /order is before the engine, with Binance's
/// <c>computeCommissionRates</c>; and the account's rates where Binance serves them: GET /api/v3/account/commission
/// and GET /sapi/v1/asset/tradeFee (CCXT's fetchTradingFee and fetchTradingFees).
/// </summary>
public sealed class BinanceTestOrderAndFeeTests(BinanceTestOrderAndFeeTests.Server fixture) : IClassFixture<BinanceTestOrderAndFeeTests.Server>
{
    private readonly InProcessServer _server = fixture.Process;
    private readonly BinanceClient _alice = fixture.Alice;

    /// <summary>One quiet demo server for every test here: none of them leaves an order behind.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public InProcessServer Process { get; private set; } = null!;

        public BinanceClient Alice { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = await InProcessServer.StartAsync(_directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
            var alice = (await BinanceClient.DemoCredentials(_directory.Path)).Single(c => c.User == "alice");
            Alice = new BinanceClient(Process.Http, alice.ApiKey, alice.Secret);
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            _directory.Dispose();
        }
    }

    /// <summary>Orders BTCUSDT's filters refuse (tick 0.01, step 0.00001, quantity 0.00001–9000, notional at least 5 USDT).</summary>
    public static TheoryData<string, string> OrdersTheFiltersRefuse => new()
    {
        { "quantity zero", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0&price=90000" },
        { "price zero", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=0" },
        { "price off the tick", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000.005" },
        { "quantity off the step", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.000015&price=90000" },
        { "notional too small", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.00001&price=90000" },
        { "above maxQty", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=9001&price=90000" },
        { "market quote amount below the notional", "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=1" },
        { "stop price off the tick", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.5&price=90000&stopPrice=89000.001" },
        { "limit maker off the tick", "symbol=BTCUSDT&side=SELL&type=LIMIT_MAKER&quantity=0.5&price=90000.001" },
    };

    [Theory]
    [MemberData(nameof(OrdersTheFiltersRefuse))]
    public async Task A_test_order_the_market_filters_refuse_gets_the_same_binance_error_as_the_real_order(string what, string order)
    {
        var (testStatus, testBody) = await _alice.SignedAsync(HttpMethod.Post, "/api/v3/order/test", order, inBody: true);
        var (orderStatus, orderBody) = await _alice.SignedAsync(HttpMethod.Post, "/api/v3/order", order, inBody: true);

        Assert.True(orderStatus == 400, $"{what}: the real order answered {orderStatus} {orderBody}");
        Assert.Equal((orderStatus, orderBody.GetRawText()), (testStatus, testBody.GetRawText()));
        var (_, open) = await _alice.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "symbol=BTCUSDT");
        Assert.Empty(open.EnumerateArray());
    }

    [Fact]
    public async Task A_valid_test_order_answers_an_empty_object_and_neither_places_nor_counts_an_order()
    {
        using var response = await _alice.SendSignedAsync(HttpMethod.Post, "/api/v3/order/test",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000", inBody: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-MBX-ORDER-COUNT-10S"));
        var (_, open) = await _alice.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "symbol=BTCUSDT");
        Assert.Empty(open.EnumerateArray());
    }

    [Fact]
    public async Task A_test_order_with_compute_commission_rates_answers_the_rates_a_fill_would_pay()
    {
        var (_, account) = await _alice.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        var rates = account.GetProperty("commissionRates");

        var (status, body) = await _alice.SignedAsync(HttpMethod.Post, "/api/v3/order/test",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000&computeCommissionRates=true", inBody: true);

        Assert.Equal(200, status);
        var standard = body.GetProperty("standardCommissionForOrder");
        Assert.Equal("0.00100000", standard.GetProperty("maker").GetString());
        Assert.Equal((rates.GetProperty("maker").GetString(), rates.GetProperty("taker").GetString()),
            (standard.GetProperty("maker").GetString(), standard.GetProperty("taker").GetString()));
        foreach (var none in new[] { "specialCommissionForOrder", "taxCommissionForOrder" })
        {
            Assert.Equal(("0.00000000", "0.00000000"), (body.GetProperty(none).GetProperty("maker").GetString(), body.GetProperty(none).GetProperty("taker").GetString()));
        }

        var discount = body.GetProperty("discount");
        Assert.False(discount.GetProperty("enabledForAccount").GetBoolean());
        Assert.False(discount.GetProperty("enabledForSymbol").GetBoolean());
        Assert.Equal("0.00000000", discount.GetProperty("discount").GetString());

        var (bad, badBody) = await _alice.SignedAsync(HttpMethod.Post, "/api/v3/order/test",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000&computeCommissionRates=maybe", inBody: true);
        Assert.Equal((400, -1100), (bad, badBody.GetProperty("code").GetInt32()));
        var (unread, unreadBody) = await _alice.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000&computeCommissionRates=true", inBody: true);
        Assert.Equal((400, -1104), (unread, unreadBody.GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task Computing_commission_rates_weighs_twenty_as_binance_charges()
    {
        // Sent in the query string, where the weight is read before the request is.
        const string order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000";
        static int Used(HttpResponseMessage r) => int.Parse(r.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using var plain = await _alice.SendSignedAsync(HttpMethod.Post, "/api/v3/order/test", order);
        using var computed = await _alice.SendSignedAsync(HttpMethod.Post, "/api/v3/order/test", order + "&computeCommissionRates=true");

        Assert.Equal(HttpStatusCode.OK, computed.StatusCode);
        // 20 more than the plain test order, or 20 alone if a new minute began between the two.
        Assert.Contains(Used(computed), new[] { Used(plain) + 20, 20 });
    }

    [Fact]
    public async Task Account_commission_gives_the_accounts_rates_in_a_symbol_in_binances_shape()
    {
        var (status, body) = await _alice.SignedAsync(HttpMethod.Get, "/api/v3/account/commission", "symbol=ETHBTC");

        Assert.Equal(200, status);
        Assert.Equal("ETHBTC", body.GetProperty("symbol").GetString());
        var standard = body.GetProperty("standardCommission");
        Assert.Equal(["0.00100000", "0.00100000", "0.00000000", "0.00000000"],
            new[] { "maker", "taker", "buyer", "seller" }.Select(n => standard.GetProperty(n).GetString()));
        Assert.Equal("0.00000000", body.GetProperty("taxCommission").GetProperty("taker").GetString());
        Assert.Equal("0.00000000", body.GetProperty("specialCommission").GetProperty("maker").GetString());
        Assert.False(body.GetProperty("discount").GetProperty("enabledForAccount").GetBoolean());

        var (missing, missingBody) = await _alice.SignedAsync(HttpMethod.Get, "/api/v3/account/commission", "");
        Assert.Equal((400, -1102), (missing, missingBody.GetProperty("code").GetInt32()));
        var (unknown, unknownBody) = await _alice.SignedAsync(HttpMethod.Get, "/api/v3/account/commission", "symbol=NOPE");
        Assert.Equal((400, -1121), (unknown, unknownBody.GetProperty("code").GetInt32()));
        var unsigned = await _server.Http.GetAsync("/api/v3/account/commission?symbol=ETHBTC");
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    [Fact]
    public async Task Trade_fee_lists_every_markets_rates_or_one_symbols()
    {
        var (status, all) = await _alice.SignedAsync(HttpMethod.Get, "/sapi/v1/asset/tradeFee", "");

        Assert.Equal(200, status);
        Assert.Equal(["BTCUSDT", "ETHUSDT", "LTCUSDT", "SOLUSDT", "ETHBTC"], all.EnumerateArray().Select(f => f.GetProperty("symbol").GetString()));
        Assert.All(all.EnumerateArray(), f => Assert.Equal(("0.00100000", "0.00100000"),
            (f.GetProperty("makerCommission").GetString(), f.GetProperty("takerCommission").GetString())));

        var (_, one) = await _alice.SignedAsync(HttpMethod.Get, "/sapi/v1/asset/tradeFee", "symbol=LTCUSDT");
        Assert.Equal("LTCUSDT", Assert.Single(one.EnumerateArray()).GetProperty("symbol").GetString());
        var (unknown, unknownBody) = await _alice.SignedAsync(HttpMethod.Get, "/sapi/v1/asset/tradeFee", "symbol=NOPE");
        Assert.Equal((400, -1121), (unknown, unknownBody.GetProperty("code").GetInt32()));
        var (extra, extraBody) = await _alice.SignedAsync(HttpMethod.Get, "/sapi/v1/asset/tradeFee", "symbol=LTCUSDT&bogus=1");
        Assert.Equal((400, -1104), (extra, extraBody.GetProperty("code").GetInt32()));
        var unsigned = await _server.Http.GetAsync("/sapi/v1/asset/tradeFee");
        Assert.Equal(-2014, (await unsigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
    }
}
