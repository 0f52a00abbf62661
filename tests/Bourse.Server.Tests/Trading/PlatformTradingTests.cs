using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bourse.Server.Tests.Trading;

/// <summary>Trading through the platform API (/api/v1) against the real server, with a quiet demo book (no market maker).</summary>
public class PlatformTradingTests
{
    private static async Task<(IBourseServer Server, PlatformTrader Alice, PlatformTrader Bob)> Start(TempDirectory directory)
    {
        var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        return (server, await PlatformTrader.SignInAsync(server, "alice"), await PlatformTrader.SignInAsync(server, "bob"));
    }

    private static object Limit(string symbol, string side, string quantity, string price, string? clientOrderId = null) =>
        new { symbol, side, type = "LIMIT", timeInForce = "GTC", quantity, price, clientOrderId };

    private static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static List<long> Ids(JsonElement orders) => orders.EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64()).ToList();

    [Fact]
    public async Task Orders_are_placed_listed_read_and_canceled_one_by_one_and_all_at_once()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;
        var before = await alice.BalancesAsync();
        Assert.Equal((10m, 0m), before["BTC"]);

        var (placedStatus, sell, placedResponse) = await alice.PostAsync("/api/v1/orders", Limit("BTCUSDT", "SELL", "0.1", "100000", "ui-1"));
        Assert.Equal(201, placedStatus);
        Assert.Equal("NEW", sell.GetProperty("status").GetString());
        Assert.Equal("ui-1", sell.GetProperty("clientOrderId").GetString());
        Assert.Equal("0.10000000", sell.GetProperty("quantity").GetString());
        Assert.Equal("100000.00000000", sell.GetProperty("price").GetString());
        Assert.Empty(sell.GetProperty("fills").EnumerateArray());
        Assert.Equal($"/api/v1/orders/{sell.GetProperty("orderId").GetInt64()}?symbol=BTCUSDT", placedResponse.Headers.Location?.OriginalString);
        var id = sell.GetProperty("orderId").GetInt64();
        Assert.Equal((9.9m, 0.1m), (await alice.BalancesAsync())["BTC"]);

        var (openStatus, open, _) = await alice.GetAsync("/api/v1/orders/open");
        Assert.Equal(200, openStatus);
        Assert.Equal([id], Ids(open));
        var (_, openOfOther, _) = await alice.GetAsync("/api/v1/orders/open?symbol=ETHUSDT");
        Assert.Empty(openOfOther.EnumerateArray());

        var (getStatus, got, _) = await alice.GetAsync($"/api/v1/orders/{id}?symbol=BTCUSDT");
        Assert.Equal(200, getStatus);
        Assert.Equal("NEW", got.GetProperty("status").GetString());
        Assert.Equal("SELL", got.GetProperty("side").GetString());

        var (cancelStatus, canceled, _) = await alice.DeleteAsync($"/api/v1/orders/{id}?symbol=BTCUSDT");
        Assert.Equal(200, cancelStatus);
        Assert.Equal("CANCELED", canceled.GetProperty("status").GetString());
        Assert.Equal(id, canceled.GetProperty("orderId").GetInt64());
        var (_, afterCancel, _) = await alice.GetAsync($"/api/v1/orders/{id}?symbol=BTCUSDT");
        Assert.Equal("CANCELED", afterCancel.GetProperty("status").GetString());
        var (again, againBody, _) = await alice.DeleteAsync($"/api/v1/orders/{id}?symbol=BTCUSDT");
        Assert.Equal(404, again);
        Assert.Equal("not_found", againBody.GetProperty("code").GetString());
        Assert.Equal((10m, 0m), (await alice.BalancesAsync())["BTC"]);

        var placed = new List<long>();
        foreach (var price in new[] { "1000", "1001", "1002" })
        {
            placed.Add((await alice.PlaceAsync(Limit("ETHUSDT", "BUY", "1", price))).GetProperty("orderId").GetInt64());
        }

        var btc = (await alice.PlaceAsync(Limit("BTCUSDT", "BUY", "0.01", "50000"))).GetProperty("orderId").GetInt64();
        Assert.Equal(3003m, (await alice.BalancesAsync())["USDT"].Locked - 500m);
        var (allStatus, all, _) = await alice.DeleteAsync("/api/v1/orders?symbol=ETHUSDT");
        Assert.Equal(200, allStatus);
        Assert.Equal(placed.Order(), Ids(all).Order());
        Assert.All(all.EnumerateArray(), o => Assert.Equal("CANCELED", o.GetProperty("status").GetString()));
        var (_, left, _) = await alice.GetAsync("/api/v1/orders/open");
        Assert.Equal([btc], Ids(left));
        var (noneStatus, none, _) = await alice.DeleteAsync("/api/v1/orders?symbol=ETHUSDT");
        Assert.Equal(200, noneStatus);
        Assert.Empty(none.EnumerateArray());
    }

    [Fact]
    public async Task Crossing_orders_fill_both_users_see_the_trade_and_money_is_conserved_up_to_fees()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var _ = server;
        var aliceBefore = await alice.BalancesAsync();
        var bobBefore = await bob.BalancesAsync();

        var sell = await alice.PlaceAsync(Limit("BTCUSDT", "SELL", "0.5", "90000", "a-sell"));
        var buyOrder = Limit("BTCUSDT", "BUY", "0.5", "91000", "b-buy");
        var buy = await bob.PlaceAsync(buyOrder);
        Assert.Equal("FILLED", buy.GetProperty("status").GetString());
        Assert.Equal("45000.00000000", buy.GetProperty("executedQuoteQuantity").GetString());
        var fill = Assert.Single(buy.GetProperty("fills").EnumerateArray());
        Assert.Equal("90000.00000000", fill.GetProperty("price").GetString());

        // A retried request (same clientOrderId) answers the same order and trades nothing more.
        var (retryStatus, retry, retryResponse) = await bob.PostAsync("/api/v1/orders", buyOrder);
        Assert.Equal(200, retryStatus);
        Assert.Equal(buy.GetProperty("orderId").GetInt64(), retry.GetProperty("orderId").GetInt64());
        Assert.Equal("FILLED", retry.GetProperty("status").GetString());
        Assert.Equal("true", Assert.Single(retryResponse.Headers.GetValues("Idempotent-Replayed")));

        var (aliceTradesStatus, aliceTrades, _) = await alice.GetAsync("/api/v1/trades?symbol=BTCUSDT");
        Assert.Equal(200, aliceTradesStatus);
        var (_, bobTrades, _) = await bob.GetAsync("/api/v1/trades?symbol=BTCUSDT");
        var aliceTrade = Assert.Single(aliceTrades.GetProperty("trades").EnumerateArray());
        var bobTrade = Assert.Single(bobTrades.GetProperty("trades").EnumerateArray());
        Assert.Equal(aliceTrade.GetProperty("tradeId").GetInt64(), bobTrade.GetProperty("tradeId").GetInt64());
        Assert.Equal(fill.GetProperty("tradeId").GetInt64(), bobTrade.GetProperty("tradeId").GetInt64());
        Assert.Equal(sell.GetProperty("orderId").GetInt64(), aliceTrade.GetProperty("orderId").GetInt64());
        Assert.Equal("SELL", aliceTrade.GetProperty("side").GetString());
        Assert.True(aliceTrade.GetProperty("maker").GetBoolean());
        Assert.Equal("BUY", bobTrade.GetProperty("side").GetString());
        Assert.False(bobTrade.GetProperty("maker").GetBoolean());
        Assert.Equal("0.50000000", bobTrade.GetProperty("quantity").GetString());
        Assert.Equal("45000.00000000", bobTrade.GetProperty("quoteQuantity").GetString());
        Assert.False(aliceTrades.TryGetProperty("nextCursor", out var _));

        var (_, aliceOrder, _) = await alice.GetAsync($"/api/v1/orders/{sell.GetProperty("orderId").GetInt64()}?symbol=BTCUSDT");
        Assert.Equal("FILLED", aliceOrder.GetProperty("status").GetString());

        var aliceAfter = await alice.BalancesAsync();
        var bobAfter = await bob.BalancesAsync();
        var aliceFee = Number(aliceTrade, "commission");
        var bobFee = Number(bobTrade, "commission");
        Assert.Equal("USDT", aliceTrade.GetProperty("commissionAsset").GetString());
        Assert.Equal("BTC", bobTrade.GetProperty("commissionAsset").GetString());
        Assert.Equal(aliceBefore["BTC"].Free - 0.5m, aliceAfter["BTC"].Free);
        Assert.Equal(aliceBefore["USDT"].Free + 45000m - aliceFee, aliceAfter["USDT"].Free);
        Assert.Equal(bobBefore["BTC"].Free + 0.5m - bobFee, bobAfter["BTC"].Free);
        Assert.Equal(bobBefore["USDT"].Free - 45000m, bobAfter["USDT"].Free);
        var fees = new Dictionary<string, decimal> { ["BTC"] = bobFee, ["USDT"] = aliceFee };
        foreach (var asset in aliceBefore.Keys)
        {
            var totalBefore = aliceBefore[asset].Free + aliceBefore[asset].Locked + bobBefore[asset].Free + bobBefore[asset].Locked;
            var totalAfter = aliceAfter[asset].Free + aliceAfter[asset].Locked + bobAfter[asset].Free + bobAfter[asset].Locked;
            Assert.Equal(totalBefore - fees.GetValueOrDefault(asset), totalAfter);
        }
    }

    [Fact]
    public async Task A_clientOrderId_places_one_order_however_often_it_is_sent()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;
        var order = Limit("ETHUSDT", "BUY", "1", "1000", "once");

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => alice.PostAsync("/api/v1/orders", order)));

        Assert.Equal(1, replies.Count(r => r.Status == 201));
        Assert.All(replies, r => Assert.Contains(r.Status, new[] { 200, 201 }));
        Assert.Single(replies.Select(r => r.Body.GetProperty("orderId").GetInt64()).Distinct());
        var (_, open, _) = await alice.GetAsync("/api/v1/orders/open");
        Assert.Single(open.EnumerateArray());
        Assert.Equal(1000m, (await alice.BalancesAsync())["USDT"].Locked);

        var (conflict, problem, _) = await alice.PostAsync("/api/v1/orders", Limit("ETHUSDT", "BUY", "2", "1000", "once"));
        Assert.Equal(409, conflict);
        Assert.Equal("client_order_id_in_use", problem.GetProperty("code").GetString());
        var (_, stillOne, _) = await alice.GetAsync("/api/v1/orders/open");
        Assert.Single(stillOne.EnumerateArray());
    }

    [Fact]
    public async Task History_pages_newest_first_return_every_order_and_trade_exactly_once()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var _ = server;
        var placed = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            // Each new ask is the cheapest, so bob's buy takes exactly that one.
            var id = (await alice.PlaceAsync(Limit("ETHUSDT", "SELL", "0.1", (4006 - i).ToString(CultureInfo.InvariantCulture)))).GetProperty("orderId").GetInt64();
            placed.Add(id);
            if (i % 2 == 0)
            {
                var bought = await bob.PlaceAsync(Limit("ETHUSDT", "BUY", "0.1", "5000"));
                Assert.Equal("FILLED", bought.GetProperty("status").GetString());
            }
        }

        await alice.DeleteAsync($"/api/v1/orders/{placed[1]}?symbol=ETHUSDT");
        await alice.PlaceAsync(Limit("BTCUSDT", "SELL", "0.1", "100000"));

        var seen = new List<long>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var (status, page, _) = await alice.GetAsync($"/api/v1/orders/history?symbol=ETHUSDT&limit=3{(cursor is null ? "" : "&cursor=" + cursor)}");
            Assert.Equal(200, status);
            seen.AddRange(Ids(page.GetProperty("orders")));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(placed.OrderDescending(), seen);
        var (_, whole, _) = await alice.GetAsync("/api/v1/orders/history?symbol=ETHUSDT");
        var statuses = whole.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("orderId").GetInt64(), o => o.GetProperty("status").GetString());
        Assert.Equal("FILLED", statuses[placed[0]]);
        Assert.Equal("CANCELED", statuses[placed[1]]);
        Assert.Equal("NEW", statuses[placed[3]]);

        var trades = new List<long>();
        cursor = null;
        do
        {
            var (status, page, _) = await bob.GetAsync($"/api/v1/trades?symbol=ETHUSDT&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            Assert.Equal(200, status);
            trades.AddRange(page.GetProperty("trades").EnumerateArray().Select(t => t.GetProperty("tradeId").GetInt64()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(4, trades.Count);
        Assert.Equal(trades.OrderDescending(), trades);
        Assert.Equal(4, trades.Distinct().Count());
        var (_, bobOrders, _) = await bob.GetAsync("/api/v1/orders/history?symbol=ETHUSDT&limit=500");
        Assert.DoesNotContain(Ids(bobOrders.GetProperty("orders")), placed.Contains);

        // A trade between two of alice's own orders is two rows with one trade id; a one-row page must not split or repeat it.
        await alice.PlaceAsync(new { symbol = "ETHUSDT", side = "SELL", type = "LIMIT", timeInForce = "GTC", quantity = "0.1", price = "3000", selfTradePrevention = "NONE" });
        var self = await alice.PlaceAsync(new { symbol = "ETHUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.1", price = "3000", selfTradePrevention = "NONE" });
        Assert.Equal("FILLED", self.GetProperty("status").GetString());
        var rows = new List<(long TradeId, long OrderId)>();
        cursor = null;
        do
        {
            var (status, page, _) = await alice.GetAsync($"/api/v1/trades?symbol=ETHUSDT&limit=1{(cursor is null ? "" : "&cursor=" + cursor)}");
            Assert.Equal(200, status);
            rows.AddRange(page.GetProperty("trades").EnumerateArray().Select(t => (t.GetProperty("tradeId").GetInt64(), t.GetProperty("orderId").GetInt64())));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(6, rows.Count);
        Assert.Equal(6, rows.Distinct().Count());
        Assert.Equal(2, rows.Count(r => r.TradeId == rows[0].TradeId));
        Assert.Equal(trades, rows.Skip(2).Select(r => r.TradeId));
    }

    [Fact]
    public async Task Another_users_order_is_not_found_and_stays_open_through_both_apis()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var _ = server;
        var id = (await alice.PlaceAsync(Limit("BTCUSDT", "SELL", "0.2", "100000", "mine"))).GetProperty("orderId").GetInt64();

        var (missingStatus, missing, _) = await bob.GetAsync($"/api/v1/orders/{id + 1000}?symbol=BTCUSDT");
        var (getStatus, got, _) = await bob.GetAsync($"/api/v1/orders/{id}?symbol=BTCUSDT");
        var (cancelStatus, cancel, _) = await bob.DeleteAsync($"/api/v1/orders/{id}?symbol=BTCUSDT");
        Assert.Equal(404, missingStatus);
        Assert.Equal(404, getStatus);
        Assert.Equal(404, cancelStatus);
        Assert.Equal(missing.GetProperty("code").GetString(), got.GetProperty("code").GetString());
        Assert.Equal(missing.GetProperty("detail").GetString(), cancel.GetProperty("detail").GetString());
        var (_, bobCancelAll, _) = await bob.DeleteAsync("/api/v1/orders?symbol=BTCUSDT");
        Assert.Empty(bobCancelAll.EnumerateArray());
        var (_, bobOpen, _) = await bob.GetAsync("/api/v1/orders/open");
        Assert.Empty(bobOpen.EnumerateArray());

        var credentials = await BinanceClient.DemoCredentials(directory.Path);
        var bobKey = credentials.Single(c => c.User == "bob");
        var bobBinance = new BinanceClient(server.Http, bobKey.ApiKey, bobKey.Secret);
        var (v3Get, v3GetBody) = await bobBinance.SignedAsync(HttpMethod.Get, "/api/v3/order", $"symbol=BTCUSDT&orderId={id}");
        Assert.Equal(400, v3Get);
        Assert.Equal(-2013, v3GetBody.GetProperty("code").GetInt32());
        var (v3Cancel, v3CancelBody) = await bobBinance.SignedAsync(HttpMethod.Delete, "/api/v3/order", $"symbol=BTCUSDT&orderId={id}");
        Assert.Equal(400, v3Cancel);
        Assert.Equal(-2011, v3CancelBody.GetProperty("code").GetInt32());
        var (v3ByClientId, _) = await bobBinance.SignedAsync(HttpMethod.Delete, "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=mine");
        Assert.Equal(400, v3ByClientId);

        var (_, still, _) = await alice.GetAsync($"/api/v1/orders/{id}?symbol=BTCUSDT");
        Assert.Equal("NEW", still.GetProperty("status").GetString());
        var (_, open, _) = await alice.GetAsync("/api/v1/orders/open");
        Assert.Equal([id], Ids(open));
        Assert.Equal((9.8m, 0.2m), (await alice.BalancesAsync())["BTC"]);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_with_a_code_and_changes_nothing()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;
        var resting = (await alice.PlaceAsync(Limit("BTCUSDT", "SELL", "0.1", "100000"))).GetProperty("orderId").GetInt64();
        var before = await alice.BalancesAsync();

        var bodies = new (string Json, string Code)[]
        {
            ("{}", "missing_field"),
            ("""{"symbol":"BTCUSDT","type":"LIMIT","timeInForce":"GTC","quantity":"1","price":"1000"}""", "missing_field"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","price":"1000"}""", "missing_field"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":1,"price":"1000"}""", "invalid_json"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"-1","price":"1000"}""", "invalid_field"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0","price":"1000"}""", "invalid_quantity"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.000000001","price":"1000"}""", "invalid_precision"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"1","price":"1000.001"}""", "filter_failure"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"99999999999999999999","price":"1000"}""", "filter_failure"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"1e3","price":"1000"}""", "invalid_field"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"1","price":"1000","icebergQty":"0.1"}""", "invalid_json"),
            ("""{"symbol":"NOPE","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"1","price":"1000"}""", "unknown_symbol"),
            ("""{"symbol":"BTCUSDT","side":"UP","type":"LIMIT","timeInForce":"GTC","quantity":"1","price":"1000"}""", "invalid_side"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"BOGUS","quantity":"1","price":"1000"}""", "invalid_order_type"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"1","price":"1000"}""", "field_not_allowed"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"1000","price":"100000"}""", "insufficient_balance"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"1","price":"1000","clientOrderId":"bad id!"}""", "invalid_field"),
            ("""{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT_MAKER","quantity":"0.1","price":"200000"}""", "would_match_and_take"),
            ("{", "invalid_json"),
            ("[]", "invalid_json"),
            ("null", "invalid_json"),
            ("\"x\"", "invalid_json"),
            ("", "invalid_json"),
            ("{\"symbol\":\"" + new string('A', 20_000) + "\"}", "body_too_large"),
        };
        foreach (var (json, code) in bodies)
        {
            var (status, body, response) = await alice.SendAsync(HttpMethod.Post, "/api/v1/orders", json);
            var shown = json.Length > 200 ? json[..200] : json;
            Assert.True(status is >= 400 and < 500, $"{shown} → {status} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(code == body.GetProperty("code").GetString(), $"{shown} → {body}");
        }

        var queries = new[]
        {
            "/api/v1/orders/history", "/api/v1/orders/history?symbol=NOPE", "/api/v1/orders/history?symbol=BTCUSDT&limit=0",
            "/api/v1/orders/history?symbol=BTCUSDT&limit=501", "/api/v1/orders/history?symbol=BTCUSDT&limit=abc",
            "/api/v1/orders/history?symbol=BTCUSDT&cursor=garbage", "/api/v1/orders/history?symbol=BTCUSDT&cursor=" + TradesCursor(),
            "/api/v1/orders/history?symbol=BTCUSDT&symbol=ETHUSDT", "/api/v1/trades?symbol=BTCUSDT&cursor=%00", "/api/v1/trades?symbol=BTCUSDT&limit=-1",
            "/api/v1/trades", "/api/v1/orders/open?symbol=NOPE", "/api/v1/orders/abc?symbol=BTCUSDT", "/api/v1/orders/0?symbol=BTCUSDT",
            $"/api/v1/orders/{resting}", $"/api/v1/orders/{resting}?symbol=NOPE", "/api/v1/orders/99999999999999999999?symbol=BTCUSDT",
        };
        foreach (var path in queries)
        {
            var (status, body, _) = await alice.GetAsync(path);
            Assert.True(status == 400, $"{path} → {status} {body}");
            Assert.False(string.IsNullOrEmpty(body.GetProperty("code").GetString()), path);
        }

        foreach (var path in new[] { "/api/v1/orders", "/api/v1/orders?symbol=NOPE", $"/api/v1/orders/{resting}", $"/api/v1/orders/{resting}?symbol=NOPE", "/api/v1/orders/-1?symbol=BTCUSDT" })
        {
            var (status, body, _) = await alice.DeleteAsync(path);
            Assert.True(status == 400, $"DELETE {path} → {status} {body}");
            Assert.False(string.IsNullOrEmpty(body.GetProperty("code").GetString()), path);
        }

        var (_, open, _) = await alice.GetAsync("/api/v1/orders/open");
        Assert.Equal([resting], Ids(open));
        Assert.Equal(before, await alice.BalancesAsync());
    }

    [Fact]
    public async Task Refusals_carry_the_code_api_v3_answers_for_the_same_order()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;
        var key = (await BinanceClient.DemoCredentials(directory.Path)).Single(c => c.User == "alice");
        var binance = new BinanceClient(server.Http, key.ApiKey, key.Secret);
        var orders = new (object Json, string Form)[]
        {
            (new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", quantity = "1", price = "1000" }, "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1000"),
            (new { symbol = "BTCUSDT", side = "BUY", type = "MARKET", timeInForce = "GTC", quantity = "1" }, "symbol=BTCUSDT&side=BUY&type=MARKET&timeInForce=GTC&quantity=1"),
            (new { symbol = "BTCUSDT", side = "BUY", type = "MARKET" }, "symbol=BTCUSDT&side=BUY&type=MARKET"),
            (new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.0000001", price = "1000" },
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.0000001&price=1000"),
            (new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "1", price = "1000", icebergQuantity = "2" },
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1000&icebergQty=2"),
            (new { symbol = "BTCUSDT", side = "SELL", type = "STOP_LOSS_LIMIT", timeInForce = "GTC", quantity = "1", price = "1000" },
                "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=1&price=1000"),
            (new { symbol = "BTCUSDT", side = "SELL", type = "LIMIT", timeInForce = "DAY", quantity = "1", price = "1000" },
                "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=DAY&quantity=1&price=1000"),
            (new { symbol = "BTCUSDT", side = "SELL", type = "LIMIT", timeInForce = "GTC", quantity = "100", price = "1000" },
                "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=100&price=1000"),
        };
        foreach (var (json, form) in orders)
        {
            var (status, problem, _) = await alice.PostAsync("/api/v1/orders", json);
            var (v3Status, v3) = await binance.SignedAsync(HttpMethod.Post, "/api/v3/order", form, inBody: true);
            Assert.True(status is >= 400 and < 500, $"{form} → {status} {problem}");
            Assert.Equal(400, v3Status);
            Assert.True(v3.GetProperty("code").GetInt32() == problem.GetProperty("binanceCode").GetInt32(), $"{form}: {problem} vs {v3}");
            Assert.Equal(v3.GetProperty("msg").GetString(), problem.GetProperty("detail").GetString());
        }

        var (_, open, _) = await alice.GetAsync("/api/v1/orders/open");
        Assert.Empty(open.EnumerateArray());
    }

    [Fact]
    public async Task A_new_account_holds_nothing_and_cannot_buy()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var credentials = new { email = "carol@example.com", password = "plenty of entropy 7 mangoes" };
        using (var signUp = await server.Http.PostAsJsonAsync("/api/v1/auth/signup", credentials))
        {
            Assert.Equal(202, (int)signUp.StatusCode);
        }

        using var login = await server.Http.PostAsJsonAsync("/api/v1/auth/login", credentials);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var carol = new PlatformTrader(server.Http, token);

        var balances = await carol.BalancesAsync();
        Assert.Equal(["BTC", "ETH", "LTC", "SOL", "USDT"], balances.Keys);
        Assert.All(balances.Values, b => Assert.Equal((0m, 0m), b));
        var (status, problem, _) = await carol.PostAsync("/api/v1/orders", Limit("BTCUSDT", "BUY", "0.01", "90000"));
        Assert.Equal(409, status);
        Assert.Equal("insufficient_balance", problem.GetProperty("code").GetString());
        Assert.Equal(-2010, problem.GetProperty("binanceCode").GetInt32());
        var (_, history, _) = await carol.GetAsync("/api/v1/orders/history?symbol=BTCUSDT");
        Assert.Empty(history.GetProperty("orders").EnumerateArray());
    }

    /// <summary>One request to each trading endpoint (the order would rest far from the market if it were accepted).</summary>
    private static readonly (HttpMethod Method, string Path, string? Json)[] EveryEndpoint =
    [
        (HttpMethod.Get, "/api/v1/account/balances", null),
        (HttpMethod.Post, "/api/v1/orders", """{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.1","price":"1000"}"""),
        (HttpMethod.Get, "/api/v1/orders/open", null),
        (HttpMethod.Get, "/api/v1/orders/1?symbol=BTCUSDT", null),
        (HttpMethod.Delete, "/api/v1/orders/1?symbol=BTCUSDT", null),
        (HttpMethod.Delete, "/api/v1/orders?symbol=BTCUSDT", null),
        (HttpMethod.Get, "/api/v1/orders/history?symbol=BTCUSDT", null),
        (HttpMethod.Get, "/api/v1/trades?symbol=BTCUSDT", null),
    ];

    [Fact]
    public async Task Trading_needs_a_valid_access_token()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var forged = new PlatformTrader(server.Http, "not-a-token");
        foreach (var (method, path, json) in EveryEndpoint)
        {
            using var anonymous = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                anonymous.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using var response = await server.Http.SendAsync(anonymous);
            Assert.Equal(401, (int)response.StatusCode);
            var (forgedStatus, _, _) = await forged.SendAsync(method, path, json);
            Assert.Equal(401, forgedStatus);
        }

        var alice = await PlatformTrader.SignInAsync(server, "alice");
        var (_, open, _) = await alice.GetAsync("/api/v1/orders/open");
        Assert.Empty(open.EnumerateArray());
    }

    [Fact]
    public async Task An_account_that_owes_2fa_enrollment_cannot_trade_yet()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Identity:RequireTwoFactor=true");
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        foreach (var (method, path, json) in EveryEndpoint)
        {
            var (status, problem, _) = await alice.SendAsync(method, path, json);
            Assert.True(status == 403, $"{method} {path} → {status} {problem}");
            Assert.Equal("two_factor_setup_required", problem.GetProperty("code").GetString());
        }

        var key = (await BinanceClient.DemoCredentials(directory.Path)).Single(c => c.User == "alice");
        var (_, open) = await new BinanceClient(server.Http, key.ApiKey, key.Secret).SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "");
        Assert.Empty(open.EnumerateArray());
    }

    private static string TradesCursor() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("t.1.1")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
