using System.Collections.Concurrent;
using System.Net;

namespace Bourse.Server.Tests.Engine;

/// <summary>
/// The real server on a real disk that fails under it (a tmpfs the test fills to the last byte, or an ext4 disk whose
/// command log it makes unwritable, as a disk gone read-only is): trading pauses with Binance's "busy" answer and a logged cause,
/// readiness says why while liveness stays up (restarting would not free the disk), nothing answers an empty 500, and
/// once the disk takes writes again trading resumes by itself — the order that waited through the fault acknowledged,
/// every acknowledged order still there exactly once after a crash, and every asset still balanced.
/// </summary>
public class DiskFaultTests
{
    [Theory]
    [InlineData("full")]
    [InlineData("unwritable")]
    public async Task A_failing_disk_pauses_trading_loudly_and_trading_resumes_by_itself_when_the_disk_heals(string fault)
    {
        using var disk = new ScratchDisk(megabytes: 160, ext4: fault == "unwritable");
        // Limits lifted: four sellers at full speed would otherwise meet the order-rate limit, which is not under test here.
        string[] args = ["--demo", "--Bourse:DemoMarketMaker=false", "--Bourse:OrdersPer10Seconds=1000000", "--Bourse:RequestWeightPerMinute=100000000"];
        var acknowledged = new ConcurrentDictionary<long, string>();
        await using (var server = await ServerProcess.StartAsync(disk.Path, args))
        {
            var operatorSession = await PlatformOperator.SignInAsync(server);
            var (alice, bob) = await Clients(server, disk.Path);
            var logFiles = Directory.GetFiles(Path.Combine(disk.Path, "log"), "*.log").Append(Path.Combine(disk.Path, "log")).ToArray();

            using var stop = new CancellationTokenSource();
            // Several sellers, so that the writes reach the end of the disk's last free page soon even on a busy machine.
            var selling = Enumerable.Range(0, 4).Select(seller => Task.Run(() => SellUntilStopped(alice, seller, acknowledged, stop.Token))).ToList();
            await Eventually.UntilAsync(() => acknowledged.Count >= 3, () => "orders acknowledged before the fault");
            Break(disk, fault, logFiles);
            var notReady = await Eventually.UntilAsync(() => server.Http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
                r => $"readiness still {r.StatusCode}:\n{server.Output}", TimeSpan.FromSeconds(90));
            var reason = await notReady.Content.ReadAsStringAsync();
            Assert.Contains("command log cannot be written", reason, StringComparison.Ordinal);
            Assert.Contains(fault == "full" ? "No space left on device" : "denied", reason, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);

            var (status, refused) = await bob.SignedAsync(HttpMethod.Post, "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=85000&newClientOrderId=refused", inBody: true);
            Assert.Equal((503, -1008), (status, refused.GetProperty("code").GetInt32()));
            var signUp = await new PlatformClient(server.Http).SignUpAsync($"during-{fault}@example.com", "correct horse battery staple");
            Assert.True(signUp.Status is HttpStatusCode.Accepted || (signUp.Status == HttpStatusCode.ServiceUnavailable && signUp.Code == "server_busy"),
                $"sign-up during the fault: {(int)signUp.Status} {signUp.Text}");
            Assert.Contains("The command log cannot be written", server.Output, StringComparison.Ordinal);

            Heal(disk, fault, logFiles);
            await Eventually.UntilAsync(async () => (await server.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                () => $"ready again:\n{server.Output}");
            await stop.CancelAsync();
            foreach (var (lastId, lastStatus) in await Task.WhenAll(selling))
            {
                // The order each seller had under way when the disk failed waited for it, and was acknowledged.
                Assert.Equal(200, lastStatus);
                Assert.True(acknowledged.ContainsKey(lastId));
            }

            var (after, _) = await bob.SignedAsync(HttpMethod.Post, "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=85000&newClientOrderId=after", inBody: true);
            Assert.Equal(200, after);
            Assert.Contains("trading resumed", server.Output, StringComparison.Ordinal);
            await operatorSession.ReconcileAsync();
            server.Kill();
        }

        await using var restarted = await ServerProcess.StartAsync(disk.Path, args);
        var (aliceAgain, _) = await Clients(restarted, disk.Path);
        var (_, orders) = await aliceAgain.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "symbol=BTCUSDT&limit=1000");
        var ids = orders.EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(acknowledged.Keys, id => Assert.Contains(id, ids));
        Assert.True(acknowledged.Count > 3);
    }

    private static void Break(ScratchDisk disk, string fault, string[] logFiles)
    {
        if (fault == "full")
        {
            disk.Fill();
        }
        else
        {
            ScratchDisk.Freeze(logFiles);
        }
    }

    private static void Heal(ScratchDisk disk, string fault, string[] logFiles)
    {
        if (fault == "full")
        {
            disk.Free();
        }
        else
        {
            ScratchDisk.Thaw(logFiles);
        }
    }

    /// <summary>
    /// Places resting sell orders one after another until stopped, recording the acknowledged ones; the order under way
    /// when the disk fails waits for it to heal. Returns the last order's id and status (200 once the disk healed).
    /// </summary>
    private static async Task<(long OrderId, int Status)> SellUntilStopped(BinanceClient alice, int seller, ConcurrentDictionary<long, string> acknowledged,
        CancellationToken stop)
    {
        var last = (OrderId: 0L, Status: 0);
        // Until stopped, and then until an order is acknowledged: one refused while the disk failed says nothing.
        for (var i = 0; !stop.IsCancellationRequested || last.Status != 200; i++)
        {
            var clientOrderId = $"sell-{seller}-{i}";
            var (status, order) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order",
                $"symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.001&price={95_000 + (i % 100)}&newClientOrderId={clientOrderId}", inBody: true);
            if (status == 200)
            {
                var orderId = order.GetProperty("orderId").GetInt64();
                acknowledged[orderId] = clientOrderId;
                last = (orderId, status);
            }
            else
            {
                // Refused while the disk is failing: nothing happened, so the next order tries again later.
                Assert.True((status, order.GetProperty("code").GetInt32()) == (503, -1008), $"{status} {order}");
                last = (0, status);
                await Task.Delay(50, CancellationToken.None);
            }
        }

        return last;
    }

    private static async Task<(BinanceClient Alice, BinanceClient Bob)> Clients(IBourseServer server, string dataDirectory)
    {
        var credentials = await BinanceClient.DemoCredentials(dataDirectory);
        var alice = credentials.Single(c => c.User == "alice");
        var bob = credentials.Single(c => c.User == "bob");
        return (new BinanceClient(server.Http, alice.ApiKey, alice.Secret), new BinanceClient(server.Http, bob.ApiKey, bob.Secret));
    }
}
