using System.Text.Json;

namespace Bourse.Server.Tests.History;

/// <summary>allOrders and myTrades from the history store: read-your-writes and Binance's paging.</summary>
public class HistoryQueryTests
{
    [Fact]
    public async Task An_acknowledged_order_is_in_all_orders_at_once_and_pages_ascend_from_the_newest()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var credentials = await BinanceClient.DemoCredentials(directory.Path);
        var alice = credentials.Single(c => c.User == "alice");
        var client = new BinanceClient(server.Http, alice.ApiKey, alice.Secret);
        var placed = new List<long>();

        for (var i = 0; i < 40; i++)
        {
            var (status, order) = await client.SignedAsync(HttpMethod.Post, "/api/v3/order",
                $"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price={50_000 + i}&newClientOrderId=ryw-{i}", inBody: true);
            Assert.Equal(200, status);
            var orderId = order.GetProperty("orderId").GetInt64();
            placed.Add(orderId);

            // No delay: the answer waits for the store to hold what the engine published before it.
            var (_, found) = await client.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", $"symbol=BTCUSDT&orderId={orderId}");
            var row = Assert.Single(found.EnumerateArray());
            Assert.Equal($"ryw-{i}", row.GetProperty("clientOrderId").GetString());
            Assert.Equal("NEW", row.GetProperty("status").GetString());
        }

        var (_, newest) = await client.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "symbol=BTCUSDT&limit=5");
        var (_, fromId) = await client.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", $"symbol=BTCUSDT&limit=5&orderId={placed[10]}");
        var (_, otherSymbol) = await client.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "symbol=ETHUSDT");

        Assert.Equal(placed.TakeLast(5), Ids(newest));
        Assert.Equal(placed.Skip(10).Take(5), Ids(fromId));
        Assert.Equal(0, otherSymbol.GetArrayLength());
    }

    [Fact]
    public async Task A_closed_order_from_before_a_restart_is_found_by_id_and_by_client_order_id()
    {
        using var directory = new TempDirectory();
        long orderId;
        await using (var first = await ServerProcess.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false"))
        {
            var alice = (await BinanceClient.DemoCredentials(directory.Path)).Single(c => c.User == "alice");
            var client = new BinanceClient(first.Http, alice.ApiKey, alice.Secret);
            var (_, order) = await client.SignedAsync(HttpMethod.Post, "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=40000&newClientOrderId=before-restart", inBody: true);
            orderId = order.GetProperty("orderId").GetInt64();
            var (cancelStatus, _) = await client.SignedAsync(HttpMethod.Delete, "/api/v3/order", $"symbol=BTCUSDT&orderId={orderId}");
            Assert.Equal(200, cancelStatus);
            first.Kill();
        }

        await using var second = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var credentials = await BinanceClient.DemoCredentials(directory.Path);
        var aliceKey = credentials.Single(c => c.User == "alice");
        var bobKey = credentials.Single(c => c.User == "bob");
        var again = new BinanceClient(second.Http, aliceKey.ApiKey, aliceKey.Secret);
        var bob = new BinanceClient(second.Http, bobKey.ApiKey, bobKey.Secret);

        var (byIdStatus, byId) = await again.SignedAsync(HttpMethod.Get, "/api/v3/order", $"symbol=BTCUSDT&orderId={orderId}");
        var (byClientStatus, byClient) = await again.SignedAsync(HttpMethod.Get, "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=before-restart");
        var (otherStatus, other) = await again.SignedAsync(HttpMethod.Get, "/api/v3/order", $"symbol=ETHUSDT&orderId={orderId}");
        var (bobStatus, bobView) = await bob.SignedAsync(HttpMethod.Get, "/api/v3/order", $"symbol=BTCUSDT&orderId={orderId}");

        Assert.Equal(200, byIdStatus);
        Assert.Equal("CANCELED", byId.GetProperty("status").GetString());
        Assert.Equal("before-restart", byId.GetProperty("clientOrderId").GetString());
        Assert.Equal(200, byClientStatus);
        Assert.Equal(orderId, byClient.GetProperty("orderId").GetInt64());
        Assert.Equal(400, otherStatus);
        Assert.Equal(-2013, other.GetProperty("code").GetInt32());
        Assert.Equal(400, bobStatus);
        Assert.Equal(-2013, bobView.GetProperty("code").GetInt32());
    }

    private static IEnumerable<long> Ids(JsonElement orders) => orders.EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64());
}
