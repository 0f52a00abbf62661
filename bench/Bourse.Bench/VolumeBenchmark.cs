using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using static Bourse.Bench.HttpBenchSupport;

namespace Bourse.Bench;

/// <summary>
/// Every read whose cost grows with a user's data, at volume, against a budget: alice gets <c>--fills</c> fills (default
/// 100,000), the most open orders an account may hold (1,000) and the most API keys (30); then each endpoint is asked
/// once cold and <c>--repeat</c> times more, one at a time, and its median and worst are held against its budget.
/// Then <c>--parallel</c> clients cycle through all of them for <c>--seconds</c> while bob places orders, and bob's
/// median latency is held against the same loop alone (the "must not starve other users" budget). Exit code 1 when a
/// budget is missed. <c>--server PATH</c> runs another build.
/// </summary>
public static class VolumeBenchmark
{
    /// <summary>A read and its budget for the median of the repeats (ms); the first, cold answer is reported beside it.</summary>
    private sealed record Read(string Name, string Path, bool Signed, double BudgetMs, double FirstBudgetMs);

    private static readonly Read[] Reads =
    [
        new("pnl quote=USDT", "/api/v1/portfolio/pnl?quote=USDT", false, 250, 15_000),
        new("pnl quote=BTC", "/api/v1/portfolio/pnl?quote=BTC", false, 250, 15_000),
        new("portfolio statistics", "/api/v1/portfolio/statistics", false, 1_000, 2_000),
        new("portfolio valuation", "/api/v1/portfolio", false, 100, 500),
        new("portfolio history", "/api/v1/portfolio/history", false, 100, 500),
        new("orders/history (page)", "/api/v1/orders/history?symbol=BTCUSDT", false, 100, 500),
        new("orders/open (1,000)", "/api/v1/orders/open", false, 250, 500),
        new("trades (page)", "/api/v1/trades?symbol=BTCUSDT", false, 100, 500),
        new("wallet/history (page)", "/api/v1/wallet/history", false, 100, 500),
        new("account/balances", "/api/v1/account/balances", false, 50, 250),
        new("security-log (page)", "/api/v1/account/security-log", false, 100, 500),
        new("sessions", "/api/v1/sessions", false, 100, 500),
        new("api-keys (30)", "/api/v1/api-keys", false, 100, 500),
        new("v3 allOrders limit=1000", "/api/v3/allOrders?symbol=BTCUSDT&limit=1000", true, 500, 1_000),
        new("v3 myTrades limit=1000", "/api/v3/myTrades?symbol=BTCUSDT&limit=1000", true, 500, 1_000),
        new("v3 openOrders BTCUSDT (1,000)", "/api/v3/openOrders?symbol=BTCUSDT", true, 250, 500),
        new("v3 openOrders all (1,000)", "/api/v3/openOrders", true, 250, 500),
        new("v3 account", "/api/v3/account", true, 50, 250),
    ];

    /// <summary>How much slower bob's median order may be while the readers run than alone.</summary>
    private const double StarvationBudget = 3.0;

    public static async Task<int> RunAsync(string[] args)
    {
        var fills = Option(args, "--fills", 100_000);
        var repeat = Option(args, "--repeat", 10);
        var parallel = Option(args, "--parallel", 6);
        var seconds = Option(args, "--seconds", 20);
        var connections = Option(args, "--connections", 4);
        var serverAt = Array.IndexOf(args, "--server") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : BenchServer.DefaultServerDll;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "bourse-bench-volume-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Seeding needs the limits lifted; the reads are then timed on a fresh process (nothing cached) that keeps
            // the limits every user has, since "must not starve others" is about what one user is allowed to do.
            using (var seeding = await BenchServer.StartAsync(serverAt, marketMaker: false, dataDirectory))
            {
                using var seedHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections + 2 }) { BaseAddress = seeding.Url };
                var building = Stopwatch.StartNew();
                await SeedAsync(seedHttp, await SignInAsync(seedHttp, dataDirectory, "alice"), await SignInAsync(seedHttp, dataDirectory, "bob"), fills, connections);
                Console.WriteLine($"alice: {fills:N0} fills, 1,000 open orders, 30 API keys in {building.Elapsed.TotalSeconds:F0} s");
                seeding.StopGracefully();
            }

            using var server = await BenchServer.StartAsync(serverAt, marketMaker: false, dataDirectory, defaultLimits: true);
            return await MeasureAsync(server, repeat, parallel, seconds);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(BenchServer server, int repeat, int parallel, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel + 2 })
        {
            BaseAddress = server.Url,
            Timeout = TimeSpan.FromMinutes(10),
        };
        var alice = await SignInAsync(http, server.DataDirectory, "alice");
        var bob = await SignInAsync(http, server.DataDirectory, "bob");
        var aliceKey = await DemoKeyAsync(server.DataDirectory, "alice");
        Console.WriteLine();
        Console.WriteLine($"{"read",-30} {"first",9} {"p50",9} {"max",9}  {"budget p50 / first",20}");

        var missed = new List<string>();
        foreach (var read in Reads)
        {
            var first = await TimedAsync(() => GetAsync(http, read, alice, aliceKey, CancellationToken.None));
            var repeats = new List<double>();
            for (var n = 0; n < repeat; n++)
            {
                repeats.Add(await TimedAsync(() => GetAsync(http, read, alice, aliceKey, CancellationToken.None)));
            }

            var p50 = Percentile(repeats, 50);
            var ok = p50 <= read.BudgetMs && first <= read.FirstBudgetMs;
            if (!ok)
            {
                missed.Add(read.Name);
            }

            Console.WriteLine($"{read.Name,-30} {first,7:F1}ms {p50,7:F1}ms {repeats.Max(),7:F1}ms  {read.BudgetMs,8:F0} / {read.FirstBudgetMs,6:F0} ms {(ok ? "ok" : "MISSED")}");
        }

        var alone = await BobOrdersAsync(http, bob, TimeSpan.FromSeconds(Math.Min(seconds, 10)));
        var statuses = new ConcurrentDictionary<int, int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var readers = Enumerable.Range(0, parallel).Select(async reader =>
        {
            for (var n = reader; !stop.IsCancellationRequested; n++)
            {
                var read = Reads[n % Reads.Length];
                try
                {
                    var status = await GetAsync(http, read, alice, aliceKey, stop.Token, throwOnError: false);
                    statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
                    if (status is 429 or 503 or 418)
                    {
                        // What a well-behaved client does when told to wait.
                        await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The run is over.
                }
            }
        }).ToList();
        var meanwhile = await BobOrdersAsync(http, bob, TimeSpan.FromSeconds(seconds));
        await Task.WhenAll(readers);
        var ratio = Percentile(meanwhile, 50) / Percentile(alone, 50);
        Console.WriteLine();
        Console.WriteLine($"bob's orders alone                        {Summary(alone)}");
        Console.WriteLine($"bob's orders, {parallel} clients on alice's reads  {Summary(meanwhile)}");
        Console.WriteLine($"alice's reads meanwhile: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}× {s.Key}"))}");
        var starved = ratio > StarvationBudget;
        Console.WriteLine($"bob's median under load / alone: {ratio:F2}×  (budget {StarvationBudget:F1}×) {(starved ? "MISSED" : "ok")}");
        if (starved)
        {
            missed.Add("bob's orders under load");
        }

        Console.WriteLine(missed.Count == 0 ? "every budget met" : $"budgets missed: {string.Join(", ", missed)}");
        return missed.Count == 0 ? 0 : 1;
    }

    private static async Task SeedAsync(HttpClient http, string alice, string bob, int fills, int connections)
    {
        // Bob rests one sell of every fill's quantity; alice takes it in `fills` IOC buys.
        await SendAsync(http, HttpMethod.Post, "/api/v1/orders", bob,
            new { symbol = "BTCUSDT", side = "SELL", type = "LIMIT", timeInForce = "GTC", quantity = (fills * 0.0001m).ToString(CultureInfo.InvariantCulture), price = "90000" });
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < fills)
            {
                await SendAsync(http, HttpMethod.Post, "/api/v1/orders", alice,
                    new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "IOC", quantity = "0.0001", price = "90000" });
            }
        }));

        // The per-account cap of open orders, far below the market so nothing fills.
        next = -1;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < 1_000)
            {
                await SendAsync(http, HttpMethod.Post, "/api/v1/orders", alice,
                    new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.0001", price = "50000" });
            }
        }));

        // The demo gave alice one key; the cap is 30.
        for (var n = 1; n < 30; n++)
        {
            await SendAsync(http, HttpMethod.Post, "/api/v1/api-keys", alice, new { label = $"bench {n}", permissions = new[] { "read" } });
        }
    }

    /// <summary>
    /// Bob's IOC buys far below the market (they never fill or rest), one every 110 ms — under the default 100 orders per
    /// 10 s an account may place — for a while: their latencies.
    /// </summary>
    private static async Task<List<double>> BobOrdersAsync(HttpClient http, string bob, TimeSpan duration)
    {
        var latencies = new List<double>();
        var interval = TimeSpan.FromMilliseconds(110);
        var started = Stopwatch.GetTimestamp();
        for (var n = 0; Stopwatch.GetElapsedTime(started) < duration; n++)
        {
            var wait = interval * n - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            latencies.Add(await TimedAsync(() => SendAsync(http, HttpMethod.Post, "/api/v1/orders", bob,
                new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "IOC", quantity = "0.0002", price = "40000" })));
        }

        return latencies;
    }

    private static async Task<int> GetAsync(HttpClient http, Read read, string token, (string Key, byte[] Secret) apiKey, CancellationToken cancellationToken,
        bool throwOnError = true)
    {
        using var request = read.Signed ? Signed(read.Path, apiKey) : Request(HttpMethod.Get, read.Path, token, null);
        using var response = await http.SendAsync(request, cancellationToken);
        // Read the whole body: the cost of a read includes sending it.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (throwOnError && response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {read.Path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        return (int)response.StatusCode;
    }

    /// <summary>A signed Binance GET: the query (with timestamp and recvWindow) signed with HMAC-SHA256, the key in a header.</summary>
    private static HttpRequestMessage Signed(string path, (string Key, byte[] Secret) apiKey)
    {
        var parts = path.Split('?', 2);
        var query = (parts.Length == 2 ? parts[1] + "&" : "") + $"timestamp={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}&recvWindow=60000";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(apiKey.Secret, Encoding.UTF8.GetBytes(query)));
        var request = new HttpRequestMessage(HttpMethod.Get, $"{parts[0]}?{query}&signature={signature}");
        request.Headers.Add("X-MBX-APIKEY", apiKey.Key);
        return request;
    }

    private static async Task<(string Key, byte[] Secret)> DemoKeyAsync(string dataDirectory, string name)
    {
        var credentials = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "demo-credentials.json")));
        var credential = credentials.EnumerateArray().Single(c => c.GetProperty("user").GetString() == name);
        return (credential.GetProperty("apiKey").GetString()!, Encoding.UTF8.GetBytes(credential.GetProperty("secretKey").GetString()!));
    }
}
