using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Server.Tests.Identity;

/// <summary>
/// Alice tries to read, cancel or use every resource Bob has — his open order, his trades, his balances, his API key,
/// his listenKey, his session, his security log, his transfers, his wallet history and his portfolio — through the platform API and the Binance API. Every attempt is
/// refused (or sees only Alice's own data) and afterwards Bob's resources are exactly as they were.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string Symbol = "BTCUSDT";

    [Fact]
    public async Task Alice_can_reach_nothing_of_bobs_through_either_api()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var credentials = await BinanceClient.DemoCredentials(directory.Path);
        var aliceKey = credentials.Single(c => c.User == "alice");
        var bobKey = credentials.Single(c => c.User == "bob");
        var aliceBinance = new BinanceClient(server.Http, aliceKey.ApiKey, aliceKey.Secret);
        var bobBinance = new BinanceClient(server.Http, bobKey.ApiKey, bobKey.Secret);
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        var bob = await PlatformTrader.SignInAsync(server, "bob");
        var taker = await PlatformTrader.SignInAsync(server, "taker");

        // Bob's resources: a resting order, a filled order (a trade against the demo taker), an API key, a listenKey, a session.
        var resting = (await bob.PlaceAsync(new { symbol = Symbol, side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.01", price = "1000" }))
            .GetProperty("orderId").GetInt64();
        var sold = (await bob.PlaceAsync(new { symbol = Symbol, side = "SELL", type = "LIMIT", timeInForce = "GTC", quantity = "0.002", price = "50000" }))
            .GetProperty("orderId").GetInt64();
        await taker.PlaceAsync(new { symbol = Symbol, side = "BUY", type = "LIMIT", timeInForce = "IOC", quantity = "0.002", price = "50000" });
        var (_, created, _) = await bob.PostAsync("/api/v1/api-keys", new { label = "bob's bot", permissions = new[] { "read", "trade" } });
        var bobApiKey = created.GetProperty("apiKey").GetString()!;
        var (_, listen) = await ListenKeyAsync(server, HttpMethod.Post, bobKey.ApiKey, "");
        var bobListenKey = listen.GetProperty("listenKey").GetString()!;
        var (_, bobSessions, _) = await bob.GetAsync("/api/v1/sessions");
        var bobSession = bobSessions.EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;
        // Bob stakes SOL (stakable in demo mode) and starts unstaking part of it.
        Assert.Equal(201, (await bob.PostAsync("/api/v1/staking/stake", new { asset = "SOL", amount = "2", clientReference = "bob-stake" })).Status);
        Assert.Equal(201, (await bob.PostAsync("/api/v1/staking/unstake", new { asset = "SOL", amount = "1", clientReference = "bob-unstake" })).Status);
        var (_, bobTransfer, _) = await bob.PostAsync("/api/v1/transfers", new { toUserId = 4L, asset = "SOL", amount = "1", clientReference = "bob-to-taker" });
        var bobTransferId = bobTransfer.GetProperty("id").GetInt64();
        var bobBefore = await StateOf(bob, bobBinance);

        // The platform API.
        Assert.Equal(404, (await alice.GetAsync($"/api/v1/orders/{resting}?symbol={Symbol}")).Status);
        Assert.Equal(404, (await alice.GetAsync($"/api/v1/orders/{sold}?symbol={Symbol}")).Status);
        Assert.Equal(404, (await alice.DeleteAsync($"/api/v1/orders/{resting}?symbol={Symbol}")).Status);
        var (cancelAll, cancelled, _) = await alice.DeleteAsync($"/api/v1/orders?symbol={Symbol}");
        Assert.Equal(200, cancelAll);
        Assert.Empty(cancelled.EnumerateArray());
        Assert.DoesNotContain(resting.ToString(System.Globalization.CultureInfo.InvariantCulture), (await alice.GetAsync("/api/v1/orders/open")).Body.ToString(), StringComparison.Ordinal);
        var (_, history, _) = await alice.GetAsync($"/api/v1/orders/history?symbol={Symbol}");
        Assert.DoesNotContain(history.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderId").GetInt64() is var id && (id == resting || id == sold));
        var (_, trades, _) = await alice.GetAsync($"/api/v1/trades?symbol={Symbol}");
        Assert.DoesNotContain(trades.GetProperty("trades").EnumerateArray(), t => t.GetProperty("orderId").GetInt64() == sold);
        Assert.Equal(404, (await alice.DeleteAsync($"/api/v1/api-keys/{bobApiKey}")).Status);
        Assert.Equal(404, (await alice.DeleteAsync($"/api/v1/api-keys/{bobKey.ApiKey}")).Status);
        Assert.DoesNotContain(bobApiKey, (await alice.GetAsync("/api/v1/api-keys")).Body.ToString(), StringComparison.Ordinal);
        Assert.Equal(404, (await alice.DeleteAsync($"/api/v1/sessions/{bobSession}")).Status);
        Assert.DoesNotContain(bobSession, (await alice.GetAsync("/api/v1/sessions")).Body.ToString(), StringComparison.Ordinal);
        var (_, log, _) = await alice.GetAsync("/api/v1/account/security-log?limit=500");
        Assert.All(log.GetProperty("events").EnumerateArray(), e => Assert.Equal(1, e.GetProperty("userId").GetInt64()));
        Assert.Equal(403, (await alice.GetAsync("/api/v1/admin/audit?userId=2")).Status);
        Assert.Empty((await alice.GetAsync("/api/v1/staking/positions")).Body.EnumerateArray());
        var (_, aliceRewards, _) = await alice.GetAsync("/api/v1/staking/rewards");
        Assert.Empty(aliceRewards.GetProperty("rewards").EnumerateArray());
        Assert.Empty(aliceRewards.GetProperty("totals").EnumerateArray());
        // Bob's references are his: Alice reusing them acts on her own (empty) stake.
        Assert.Equal(409, (await alice.PostAsync("/api/v1/staking/unstake", new { asset = "SOL", amount = "1", clientReference = "bob-stake" })).Status);
        Assert.Equal(409, (await alice.PostAsync("/api/v1/staking/unstake", new { asset = "SOL", amount = "1", clientReference = "bob-unstake" })).Status);
        Assert.Equal(404, (await alice.GetAsync($"/api/v1/transfers/{bobTransferId}")).Status);
        Assert.Empty((await alice.GetAsync("/api/v1/transfers")).Body.GetProperty("transfers").EnumerateArray());
        Assert.All((await alice.GetAsync("/api/v1/wallet/history?limit=500")).Body.GetProperty("activities").EnumerateArray(),
            a => Assert.NotEqual(bobTransferId, a.GetProperty("id").GetInt64()));
        var (replayStatus, _, _) = await alice.PostAsync("/api/v1/transfers", new { toUserId = 4L, asset = "SOL", amount = "1", clientReference = "bob-to-taker" });
        Assert.Equal(201, replayStatus);
        // The portfolio routes name no user: Alice's figures are her own (Bob's fee, loss and locked funds are not in them).
        var (_, alicePortfolio, _) = await alice.GetAsync("/api/v1/portfolio");
        Assert.All(alicePortfolio.GetProperty("assets").EnumerateArray(), a => Assert.Equal("0.00000000", a.GetProperty("locked").GetString()));
        var (_, aliceStatistics, _) = await alice.GetAsync("/api/v1/portfolio/statistics");
        Assert.All(aliceStatistics.GetProperty("assets").EnumerateArray(), a => Assert.Equal("0.00000000", a.GetProperty("amounts").GetProperty("fees").GetString()));
        Assert.Equal("0.00000000", (await alice.GetAsync("/api/v1/portfolio/pnl")).Body.GetProperty("totals").GetProperty("realizedPnl").GetString());
        Assert.NotEqual("0.00000000", (await bob.GetAsync("/api/v1/portfolio/pnl")).Body.GetProperty("totals").GetProperty("realizedPnl").GetString());

        // The Binance API, with Alice's key.
        Assert.Equal(-2013, (await aliceBinance.SignedAsync(HttpMethod.Get, "/api/v3/order", $"symbol={Symbol}&orderId={resting}")).Body.GetProperty("code").GetInt32());
        Assert.Equal(-2011, (await aliceBinance.SignedAsync(HttpMethod.Delete, "/api/v3/order", $"symbol={Symbol}&orderId={resting}")).Body.GetProperty("code").GetInt32());
        await aliceBinance.SignedAsync(HttpMethod.Delete, "/api/v3/openOrders", $"symbol={Symbol}");
        var (replaceStatus, _) = await aliceBinance.SignedAsync(HttpMethod.Post, "/api/v3/order/cancelReplace",
            $"symbol={Symbol}&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=900&cancelReplaceMode=STOP_ON_FAILURE&cancelOrderId={resting}");
        Assert.Equal(400, replaceStatus);
        var (_, allOrders) = await aliceBinance.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", $"symbol={Symbol}");
        Assert.DoesNotContain(allOrders.EnumerateArray(), o => o.GetProperty("orderId").GetInt64() is var id && (id == resting || id == sold));
        var (_, myTrades) = await aliceBinance.SignedAsync(HttpMethod.Get, "/api/v3/myTrades", $"symbol={Symbol}");
        Assert.DoesNotContain(myTrades.EnumerateArray(), t => t.GetProperty("orderId").GetInt64() == sold);
        Assert.Equal(-1125, (await ListenKeyAsync(server, HttpMethod.Put, aliceKey.ApiKey, $"listenKey={bobListenKey}")).Body.GetProperty("code").GetInt32());
        Assert.Equal(-1125, (await ListenKeyAsync(server, HttpMethod.Delete, aliceKey.ApiKey, $"listenKey={bobListenKey}")).Body.GetProperty("code").GetInt32());

        // Alice's own view never shows Bob's money, and nothing of Bob's moved.
        Assert.Empty((await aliceBinance.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", $"symbol={Symbol}")).Body.EnumerateArray());
        Assert.Equal(bobBefore, await StateOf(bob, bobBinance));
        Assert.Equal(200, (await ListenKeyAsync(server, HttpMethod.Put, bobKey.ApiKey, $"listenKey={bobListenKey}")).Status);
        Assert.Contains(bobApiKey, (await bob.GetAsync("/api/v1/api-keys")).Body.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Bob's orders, balances and sessions as both APIs show them.</summary>
    private static async Task<string> StateOf(PlatformTrader bob, BinanceClient bobBinance)
    {
        var (_, open, _) = await bob.GetAsync("/api/v1/orders/open");
        var (_, balances, _) = await bob.GetAsync("/api/v1/account/balances");
        var (_, sessions, _) = await bob.GetAsync("/api/v1/sessions");
        var (_, staking, _) = await bob.GetAsync("/api/v1/staking/positions");
        var (_, account) = await bobBinance.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        var (_, trades) = await bobBinance.SignedAsync(HttpMethod.Get, "/api/v3/myTrades", $"symbol={Symbol}");
        // Staked and unbonding amounts (what earns and the rewards move with the clock, not with Alice).
        var stakes = JsonSerializer.Serialize(staking.EnumerateArray().Select(p => (p.GetProperty("asset").GetString(), p.GetProperty("staked").GetString(),
            p.GetProperty("unbondingEntries").ToString())).ToList());
        var (_, transfers, _) = await bob.GetAsync("/api/v1/transfers");
        var (_, wallet, _) = await bob.GetAsync("/api/v1/wallet/history");
        return string.Join('\n', open, balances, stakes, transfers, wallet, JsonSerializer.Serialize(sessions.EnumerateArray().Select(s => (s.GetProperty("id").GetString(), s.GetProperty("active").GetBoolean())).ToList()),
            account.GetProperty("balances"), trades);
    }

    private static async Task<(int Status, JsonElement Body)> ListenKeyAsync(IBourseServer server, HttpMethod method, string apiKey, string parameters)
    {
        using var request = new HttpRequestMessage(method, "/api/v3/userDataStream" + (parameters.Length > 0 ? "?" + parameters : ""));
        request.Headers.Add("X-MBX-APIKEY", apiKey);
        using var response = await server.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
