using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Server.Tests.Trading;

/// <summary>Trading through the Binance-compatible API against the real server, with a quiet demo (no market maker).</summary>
public class BinanceTradingTests
{
    private static async Task<(IBourseServer Server, BinanceClient Alice, BinanceClient Bob)> Start(TempDirectory directory)
    {
        var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var credentials = await BinanceClient.DemoCredentials(directory.Path);
        var alice = credentials.Single(c => c.User == "alice");
        var bob = credentials.Single(c => c.User == "bob");
        return (server, new BinanceClient(server.Http, alice.ApiKey, alice.Secret), new BinanceClient(server.Http, bob.ApiKey, bob.Secret));
    }

    [Fact]
    public async Task Exchange_info_lists_the_demo_symbols_with_their_filters()
    {
        using var directory = new TempDirectory();
        var (server, _, _) = await Start(directory);
        await using var _ = server;

        var info = await BinanceClient.PublicAsync(server.Http, "/api/v3/exchangeInfo");

        var symbols = info.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()).ToList();
        Assert.Equal(["BTCUSDT", "ETHUSDT", "LTCUSDT", "SOLUSDT", "ETHBTC"], symbols);
        var btc = info.GetProperty("symbols")[0];
        var filters = btc.GetProperty("filters").EnumerateArray().ToDictionary(f => f.GetProperty("filterType").GetString()!);
        Assert.Equal("0.01000000", filters["PRICE_FILTER"].GetProperty("tickSize").GetString());
        Assert.Equal("0.00001000", filters["LOT_SIZE"].GetProperty("stepSize").GetString());
        Assert.Equal("TRADING", btc.GetProperty("status").GetString());
        var bad = await server.Http.GetAsync("/api/v3/exchangeInfo?symbol=NOPE");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal(-1121, (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_resting_order_is_filled_by_another_user_and_both_balances_move()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var _ = server;

        var (status, sell) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000&newClientOrderId=alice-1", inBody: true);
        Assert.Equal(200, status);
        Assert.Equal("NEW", sell.GetProperty("status").GetString());
        Assert.Equal("alice-1", sell.GetProperty("clientOrderId").GetString());

        var (_, open) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "symbol=BTCUSDT");
        Assert.Equal(sell.GetProperty("orderId").GetInt64(), Assert.Single(open.EnumerateArray()).GetProperty("orderId").GetInt64());

        var (buyStatus, buy) = await bob.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=91000", inBody: true);
        Assert.Equal(200, buyStatus);
        Assert.Equal("FILLED", buy.GetProperty("status").GetString());
        var fill = Assert.Single(buy.GetProperty("fills").EnumerateArray());
        Assert.Equal("90000.00000000", fill.GetProperty("price").GetString());
        Assert.Equal("BTC", fill.GetProperty("commissionAsset").GetString());

        var (_, aliceAccount) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        var balances = aliceAccount.GetProperty("balances").EnumerateArray().ToDictionary(b => b.GetProperty("asset").GetString()!);
        Assert.Equal("9.50000000", balances["BTC"].GetProperty("free").GetString());
        Assert.Equal("1044955.00000000", balances["USDT"].GetProperty("free").GetString());

        var (queryStatus, query) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=alice-1");
        Assert.Equal(200, queryStatus);
        Assert.Equal("FILLED", query.GetProperty("status").GetString());

        var (_, trades) = await bob.SignedAsync(HttpMethod.Get, "/api/v3/myTrades", "symbol=BTCUSDT");
        var trade = Assert.Single(trades.EnumerateArray());
        Assert.True(trade.GetProperty("isBuyer").GetBoolean());
        Assert.False(trade.GetProperty("isMaker").GetBoolean());
        Assert.Equal("0.50000000", trade.GetProperty("qty").GetString());
        var (_, all) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "symbol=BTCUSDT");
        Assert.Equal("FILLED", Assert.Single(all.EnumerateArray()).GetProperty("status").GetString());

        // The public views saw the same trade.
        var tape = await BinanceClient.PublicAsync(server.Http, "/api/v3/trades?symbol=BTCUSDT");
        var printed = Assert.Single(tape.EnumerateArray());
        Assert.Equal(("90000.00000000", "0.50000000", false), (printed.GetProperty("price").GetString(), printed.GetProperty("qty").GetString(),
            printed.GetProperty("isBuyerMaker").GetBoolean()));
        var price = await BinanceClient.PublicAsync(server.Http, "/api/v3/ticker/price?symbol=BTCUSDT");
        Assert.Equal("90000.00000000", price.GetProperty("price").GetString());
        var klines = await BinanceClient.PublicAsync(server.Http, "/api/v3/klines?symbol=BTCUSDT&interval=1m");
        var candle = Assert.Single(klines.EnumerateArray());
        Assert.Equal("90000.00000000", candle[4].GetString());
        Assert.Equal("0.50000000", candle[5].GetString());
        var ticker = await BinanceClient.PublicAsync(server.Http, "/api/v3/ticker/24hr?symbol=BTCUSDT");
        Assert.Equal(1, ticker.GetProperty("count").GetInt64());
        Assert.True(ticker.TryGetProperty("bidQty", out var bidQty) && bidQty.ValueKind == JsonValueKind.String);
        Assert.False(ticker.TryGetProperty("time", out var time), $"unexpected time {time}");
    }

    [Fact]
    public async Task Depth_shows_resting_orders_with_an_update_id_and_rejects_bad_input()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;
        await alice.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=LTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=2&price=80", inBody: true);
        await alice.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=LTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=80", inBody: true);
        await alice.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=LTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1.5&price=85", inBody: true);

        var depth = await BinanceClient.PublicAsync(server.Http, "/api/v3/depth?symbol=LTCUSDT&limit=5");

        Assert.Equal(3, depth.GetProperty("lastUpdateId").GetInt64());
        Assert.Equal("80.00000000", depth.GetProperty("bids")[0][0].GetString());
        Assert.Equal("3.00000000", depth.GetProperty("bids")[0][1].GetString());
        Assert.Equal("1.50000000", depth.GetProperty("asks")[0][1].GetString());
        var book = await BinanceClient.PublicAsync(server.Http, "/api/v3/ticker/bookTicker?symbol=LTCUSDT");
        Assert.Equal(("80.00000000", "85.00000000"), (book.GetProperty("bidPrice").GetString(), book.GetProperty("askPrice").GetString()));

        foreach (var (query, code) in new[] { ("/api/v3/depth?symbol=NOPE", -1121), ("/api/v3/depth", -1102), ("/api/v3/depth?symbol=LTCUSDT&limit=99999", -1130),
                     ("/api/v3/klines?symbol=LTCUSDT&interval=7m", -1120), ("/api/v3/trades?symbol=LTCUSDT&bogus=1", -1104) })
        {
            var response = await server.Http.GetAsync(query);
            Assert.Equal(400, (int)response.StatusCode);
            Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        }
    }

    [Fact]
    public async Task Orders_are_canceled_and_replaced_and_their_funds_released()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;
        var (_, first) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=3000&newClientOrderId=e1", inBody: true);

        var (replaceStatus, replaced) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order/cancelReplace",
            $"symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=2900&cancelReplaceMode=STOP_ON_FAILURE&cancelOrderId={first.GetProperty("orderId").GetInt64()}",
            inBody: true);
        Assert.Equal(200, replaceStatus);
        Assert.Equal("SUCCESS", replaced.GetProperty("cancelResult").GetString());
        Assert.Equal("SUCCESS", replaced.GetProperty("newOrderResult").GetString());

        var (cancelStatus, canceled) = await alice.SignedAsync(HttpMethod.Delete, "/api/v3/openOrders", "symbol=ETHUSDT");
        Assert.Equal(200, cancelStatus);
        Assert.Equal("CANCELED", Assert.Single(canceled.EnumerateArray()).GetProperty("status").GetString());
        var (unknown, unknownBody) = await alice.SignedAsync(HttpMethod.Delete, "/api/v3/order", "symbol=ETHUSDT&orderId=999999");
        Assert.Equal((400, -2011), (unknown, unknownBody.GetProperty("code").GetInt32()));

        var (_, account) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/account", "omitZeroBalances=true");
        var usdt = account.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == "USDT");
        Assert.Equal(("1000000.00000000", "0.00000000"), (usdt.GetProperty("free").GetString(), usdt.GetProperty("locked").GetString()));
    }

    [Fact]
    public async Task Bad_requests_get_binance_errors_and_change_nothing()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;

        var (badSignature, body) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000", signatureOverride: new string('0', 64));
        Assert.Equal((400, -1022), (badSignature, body.GetProperty("code").GetInt32()));

        var stranger = new BinanceClient(server.Http, new string('k', 64), "secret");
        var (unknownKey, unknownBody) = await stranger.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        Assert.Equal((401, -2015), (unknownKey, unknownBody.GetProperty("code").GetInt32()));

        var (missing, missingBody) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order", "side=SELL&type=LIMIT", inBody: true);
        Assert.Equal((400, -1102), (missing, missingBody.GetProperty("code").GetInt32()));

        var (tooMuch, tooMuchBody) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=500&price=90000", inBody: true);
        Assert.Equal((400, -2010), (tooMuch, tooMuchBody.GetProperty("code").GetInt32()));

        var (offTick, offTickBody) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000.001", inBody: true);
        Assert.Equal(400, offTick);
        Assert.Contains(offTickBody.GetProperty("code").GetInt32(), new[] { -1111, -1013 });

        var (_, account) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        var btc = account.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == "BTC");
        Assert.Equal("10.00000000", btc.GetProperty("free").GetString());
        Assert.Equal("0.00000000", btc.GetProperty("locked").GetString());
    }
}
