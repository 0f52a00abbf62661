using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Bourse.Server.Tests.History;

/// <summary>
/// The history store across a crash: the server is SIGKILLed while two users trade concurrently, restarted on the
/// same data directory, and allOrders / myTrades must still hold every acknowledged order and fill exactly once.
/// </summary>
public class HistoryRestartTests
{
    private static readonly string[] StatusRank = ["NEW", "PARTIALLY_FILLED", "FILLED"];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task After_a_kill_during_trading_every_acknowledged_order_and_fill_is_in_history_exactly_once(string provider)
    {
        using var directory = new TempDirectory();
        using var postgres = provider == "postgres" ? new Bourse.Store.Tests.PostgresServer() : null;
        // Limits lifted: the traders retry a refused order at once, which against the default limits would end in an IP ban.
        string[] limits = ["--Bourse:OrdersPer10Seconds=1000000", "--Bourse:RequestWeightPerMinute=100000000"];
        string[] args = postgres is null
            ? ["--demo", "--Bourse:DemoMarketMaker=false", .. limits]
            : ["--demo", "--Bourse:DemoMarketMaker=false", .. limits, "--Bourse:Store:Provider=postgres", $"--Bourse:Store:ConnectionString={postgres.CreateDatabase()}"];
        var acknowledged = new ConcurrentDictionary<long, (string User, string Status, decimal Executed)>();
        var acknowledgedFills = new ConcurrentDictionary<(long TradeId, long OrderId), byte>();
        await using (var first = await ServerProcess.StartAsync(directory.Path, args))
        {
            var (alice, bob) = await Clients(first, directory.Path);
            using var stop = new CancellationTokenSource();
            var traders = Enumerable.Range(0, 6).Select(i => Task.Run(() =>
                Trade(i % 2 == 0 ? ("alice", alice, "SELL") : ("bob", bob, "BUY"), i, acknowledged, acknowledgedFills, stop.Token))).ToList();
            await Eventually.UntilAsync(() => acknowledged.Count >= 300 || traders.All(t => t.IsCompleted), () => "300 acknowledged orders",
                TimeSpan.FromSeconds(60));

            // Mid-trading: requests are in flight, the projection is somewhere in its queue or transaction.
            first.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(traders);
        }

        await using var second = await InProcessServer.StartAsync(directory.Path, args);
        Assert.Contains($"History store: {provider}", second.Output, StringComparison.Ordinal);
        var (aliceAgain, bobAgain) = await Clients(second, directory.Path);
        var orders = new Dictionary<long, JsonElement>();
        var fills = new List<JsonElement>();
        foreach (var client in new[] { aliceAgain, bobAgain })
        {
            var ofUser = await Page(client, "/api/v3/allOrders", "orderId", o => o.GetProperty("orderId").GetInt64());
            Assert.Equal(ofUser.Count, ofUser.Select(o => o.GetProperty("orderId").GetInt64()).Distinct().Count());
            foreach (var order in ofUser)
            {
                orders.Add(order.GetProperty("orderId").GetInt64(), order);
            }

            var trades = await Page(client, "/api/v3/myTrades", "fromId", t => t.GetProperty("id").GetInt64());
            Assert.Equal(trades.Count, trades.Select(t => (t.GetProperty("id").GetInt64(), t.GetProperty("orderId").GetInt64())).Distinct().Count());
            fills.AddRange(trades);
        }

        // Every acknowledged order is there, in the acknowledged state or one it can only have moved on to.
        Assert.True(acknowledged.Count >= 300);
        foreach (var (orderId, ack) in acknowledged)
        {
            Assert.True(orders.TryGetValue(orderId, out var order), $"acknowledged order {orderId} of {ack.User} is missing");
            var status = order.GetProperty("status").GetString()!;
            Assert.True(Array.IndexOf(StatusRank, status) >= Array.IndexOf(StatusRank, ack.Status), $"{orderId}: {ack.Status} became {status}");
            Assert.True(Decimal(order, "executedQty") >= ack.Executed, $"{orderId}: executed went back");
        }

        // Every acknowledged fill is there, and fills and orders agree: nothing lost, nothing counted twice.
        var fillKeys = fills.Select(f => (f.GetProperty("id").GetInt64(), f.GetProperty("orderId").GetInt64())).ToHashSet();
        Assert.All(acknowledgedFills.Keys, key => Assert.Contains(key, fillKeys));
        foreach (var (orderId, order) in orders)
        {
            var filled = fills.Where(f => f.GetProperty("orderId").GetInt64() == orderId).Sum(f => Decimal(f, "qty"));
            Assert.Equal(Decimal(order, "executedQty"), filled);
        }

        // Alice only sells and Bob only buys, so each trade has exactly one fill per side.
        var sides = fills.GroupBy(f => f.GetProperty("id").GetInt64()).ToList();
        Assert.All(sides, trade => Assert.Equal([false, true], trade.Select(f => f.GetProperty("isBuyer").GetBoolean()).Order()));

        // History agrees with the recovered engine: the orders it shows open are exactly the engine's open orders.
        foreach (var client in new[] { aliceAgain, bobAgain })
        {
            var (_, open) = await client.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "symbol=BTCUSDT");
            var engineOpen = open.EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64()).Order();
            var (_, mine) = await client.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "symbol=BTCUSDT&limit=1000&orderId=1");
            Assert.True(mine.GetArrayLength() < 1000);
            var historyOpen = mine.EnumerateArray().Where(o => o.GetProperty("status").GetString() is "NEW" or "PARTIALLY_FILLED")
                .Select(o => o.GetProperty("orderId").GetInt64()).Order();
            Assert.Equal(engineOpen, historyOpen);
        }

        // Klines start empty in memory after a restart: these come from the store's minutes, each trade counted once.
        foreach (var interval in new[] { "1m", "1h", "1M" })
        {
            var klines = (await BinanceClient.PublicAsync(second.Http, $"/api/v3/klines?symbol=BTCUSDT&interval={interval}&limit=1000"))
                .EnumerateArray().ToList();
            Assert.Equal(sides.Count, klines.Sum(k => k[8].GetInt64()));
            Assert.Equal(fills.Where(f => f.GetProperty("isBuyer").GetBoolean()).Sum(f => Decimal(f, "qty")),
                klines.Sum(k => decimal.Parse(k[5].GetString()!, CultureInfo.InvariantCulture)));
        }

        var metrics = await second.Management.GetStringAsync("/metrics");
        Assert.Contains("bourse_projection_lag_commands", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_queries_answer_bad_input_with_binance_errors()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var (alice, _) = await Clients(server, directory.Path);

        var (tooLong, tooLongBody) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "symbol=BTCUSDT&startTime=0&endTime=86400001");
        var (badLimit, badLimitBody) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/myTrades", "symbol=BTCUSDT&limit=1001");
        var (noSymbol, noSymbolBody) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "");
        var (badSymbol, badSymbolBody) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/myTrades", "symbol=NOPE");
        var (idAndTime, idAndTimeBody) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/myTrades", "symbol=BTCUSDT&fromId=1&startTime=0");

        Assert.Equal((400, -1127), (tooLong, tooLongBody.GetProperty("code").GetInt32()));
        Assert.Equal((400, -1130), (badLimit, badLimitBody.GetProperty("code").GetInt32()));
        Assert.Equal((400, -1102), (noSymbol, noSymbolBody.GetProperty("code").GetInt32()));
        Assert.Equal((400, -1121), (badSymbol, badSymbolBody.GetProperty("code").GetInt32()));
        Assert.Equal((400, -1128), (idAndTime, idAndTimeBody.GetProperty("code").GetInt32()));
    }

    private static async Task<(BinanceClient Alice, BinanceClient Bob)> Clients(IBourseServer server, string dataDirectory)
    {
        var credentials = await BinanceClient.DemoCredentials(dataDirectory);
        var alice = credentials.Single(c => c.User == "alice");
        var bob = credentials.Single(c => c.User == "bob");
        return (new BinanceClient(server.Http, alice.ApiKey, alice.Secret), new BinanceClient(server.Http, bob.ApiKey, bob.Secret));
    }

    /// <summary>Places crossing limit orders until stopped or the server dies; records what was acknowledged.</summary>
    private static async Task Trade((string User, BinanceClient Client, string Side) trader, int seed,
        ConcurrentDictionary<long, (string, string, decimal)> acknowledged, ConcurrentDictionary<(long, long), byte> acknowledgedFills,
        CancellationToken stop)
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            var price = 90_000 + random.Next(-3, 4);
            var quantity = (random.Next(1, 5) / 1000m).ToString(CultureInfo.InvariantCulture);
            try
            {
                var (status, order) = await trader.Client.SignedAsync(HttpMethod.Post, "/api/v3/order",
                    $"symbol=BTCUSDT&side={trader.Side}&type=LIMIT&timeInForce=GTC&quantity={quantity}&price={price}&newOrderRespType=FULL", inBody: true);
                if (status != 200)
                {
                    continue;
                }

                var orderId = order.GetProperty("orderId").GetInt64();
                acknowledged[orderId] = (trader.User, order.GetProperty("status").GetString()!, Decimal(order, "executedQty"));
                foreach (var fill in order.GetProperty("fills").EnumerateArray())
                {
                    acknowledgedFills[(fill.GetProperty("tradeId").GetInt64(), orderId)] = 0;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The server was killed with this request in flight: it was never acknowledged.
                return;
            }
        }
    }

    /// <summary>Every row of a history endpoint, paged forward by its id parameter 1,000 at a time.</summary>
    private static async Task<List<JsonElement>> Page(BinanceClient client, string path, string fromName, Func<JsonElement, long> idOf)
    {
        var rows = new List<JsonElement>();
        long from = 0;
        while (true)
        {
            // A store that cannot answer in time says 503, "try again" (-1008), as a client retries it; anything else fails.
            var (status, page) = await Eventually.UntilAsync(
                () => client.SignedAsync(HttpMethod.Get, path, $"symbol=BTCUSDT&limit=1000&{fromName}={from}"),
                r => r.Status != 503, r => $"{path}: still 503 {r.Body}");
            Assert.Equal(200, status);
            var items = page.EnumerateArray().Select(e => e.Clone()).ToList();
            rows.AddRange(items);
            if (items.Count < 1000)
            {
                return rows;
            }

            // Ids are unique per user here: nobody trades with themselves.
            from = idOf(items[^1]) + 1;
        }
    }

    private static decimal Decimal(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
