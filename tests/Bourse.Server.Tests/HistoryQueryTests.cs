using System.Text.Json;

namespace Bourse.Server.Tests;

/// <summary>allOrders and myTrades from the history store: read-your-writes and Binance's paging.</summary>
public class HistoryQueryTests
{
    [Fact]
    public async Task An_acknowledged_order_is_in_all_orders_at_once_and_pages_ascend_from_the_newest()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
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

    private static IEnumerable<long> Ids(JsonElement orders) => orders.EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64());
}
