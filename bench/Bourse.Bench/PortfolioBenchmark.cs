using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using static Bourse.Bench.HttpBenchSupport;

namespace Bourse.Bench;

/// <summary>
/// What a user with a long history costs everyone else: alice gets <c>--fills</c> fills (one BTCUSDT taker order each
/// against a resting sell of bob's), then GET /api/v1/portfolio/pnl is timed with quote=USDT (each fill's own quote)
/// and quote=BTC (every fill priced through BTCUSDT at its command), cold and again; then <c>--parallel</c> clients keep
/// asking for alice's PnL in BTC for <c>--seconds</c> while bob places orders, and bob's order latency is compared with
/// the same loop alone. <c>--server PATH</c> runs another build (e.g. the one before a change).
/// </summary>
public static class PortfolioBenchmark
{
    private const string Quantity = "0.0001";

    public static async Task<int> RunAsync(string[] args)
    {
        var fills = Option(args, "--fills", 10_000);
        var parallel = Option(args, "--parallel", 6);
        var seconds = Option(args, "--seconds", 20);
        var connections = Option(args, "--connections", 4);
        var serverAt = Array.IndexOf(args, "--server") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : BenchServer.DefaultServerDll;
        using var server = await BenchServer.StartAsync(serverAt, marketMaker: false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections + parallel + 2 })
        {
            BaseAddress = server.Url,
            Timeout = TimeSpan.FromMinutes(10),
        };
        var alice = await SignInAsync(http, server.DataDirectory, "alice");
        var bob = await SignInAsync(http, server.DataDirectory, "bob");

        var building = Stopwatch.StartNew();
        await SendAsync(http, HttpMethod.Post, "/api/v1/orders", bob,
            new { symbol = "BTCUSDT", side = "SELL", type = "LIMIT", timeInForce = "GTC", quantity = (fills * 0.0001m).ToString(CultureInfo.InvariantCulture), price = "90000" });
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < fills)
            {
                await SendAsync(http, HttpMethod.Post, "/api/v1/orders", alice,
                    new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "IOC", quantity = Quantity, price = "90000" });
            }
        }));
        Console.WriteLine($"history   {fills} fills for alice in {building.Elapsed.TotalSeconds:F1} s");

        foreach (var quote in new[] { "USDT", "BTC" })
        {
            var cold = await TimedAsync(() => SendAsync(http, HttpMethod.Get, $"/api/v1/portfolio/pnl?quote={quote}", alice));
            var again = await TimedAsync(() => SendAsync(http, HttpMethod.Get, $"/api/v1/portfolio/pnl?quote={quote}", alice));
            Console.WriteLine($"pnl quote={quote,-4}  first {cold,9:F1} ms  again {again,9:F1} ms");
        }

        var alone = await BobOrdersAsync(http, bob, TimeSpan.FromSeconds(Math.Min(seconds, 10)), CancellationToken.None);
        Console.WriteLine($"bob's orders alone                 {Summary(alone)}");

        var statuses = new ConcurrentDictionary<int, int>();
        var pnlLatencies = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var readers = Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = Request(HttpMethod.Get, "/api/v1/portfolio/pnl?quote=BTC", alice, null);
                try
                {
                    using var response = await http.SendAsync(request, stop.Token);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    pnlLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        // What a well-behaved client does with 429/503: wait as told.
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), stop.Token);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The client gives up at the end of the run, as the probe's did.
                }
            }
        }).ToList();
        var meanwhile = await BobOrdersAsync(http, bob, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        await Task.WhenAll(readers);
        var cpu = server.Process.TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(5));
        var afterGivingUp = (server.Process.TotalProcessorTime - cpu).TotalSeconds / 5;
        Console.WriteLine($"bob's orders, {parallel} clients on pnl  {Summary(meanwhile)}");
        Console.WriteLine($"pnl quote=BTC under load: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}× {s.Key}"))}; " +
            $"p50 {Percentile([.. pnlLatencies], 50):F1} ms  max {(pnlLatencies.IsEmpty ? double.NaN : pnlLatencies.Max()):F1} ms");
        Console.WriteLine($"server CPU in the 5 s after the clients gave up: {afterGivingUp:F2} cores");
        return 0;
    }

    /// <summary>Bob's IOC buys far below the market (they never fill or rest), one at a time, for a while: their latencies.</summary>
    private static async Task<List<double>> BobOrdersAsync(HttpClient http, string bob, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            latencies.Add(await TimedAsync(() => SendAsync(http, HttpMethod.Post, "/api/v1/orders", bob,
                new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "IOC", quantity = "0.0002", price = "50000" }, cancellationToken)));
        }

        return latencies;
    }
}
