using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using static Bourse.Bench.HttpBenchSupport;

namespace Bourse.Bench;

/// <summary>
/// Convert against the real server with the demo market maker keeping the books alive: the latency of a quote (an
/// engine query that replays the route against the books) and of accepting it (a logged engine command with two taker
/// legs), one after another; then quotes per second from several connections.
/// </summary>
public static class ConvertBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var converts = Option(args, "--converts", 300);
        var seconds = Option(args, "--seconds", 10);
        var connections = Option(args, "--connections", 8);
        using var server = await BenchServer.StartAsync(BenchServer.DefaultServerDll, marketMaker: true);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = server.Url };
        var token = await SignInAsync(http, server.DataDirectory, "alice");

        var quotes = new List<double>();
        var accepts = new List<double>();
        var refused = 0;
        for (var i = 0; i < converts; i++)
        {
            // SOL → ETH goes through USDT: two legs, the costlier case.
            var (from, to) = i % 2 == 0 ? ("SOL", "ETH") : ("ETH", "SOL");
            var amount = i % 2 == 0 ? "0.5" : "0.02";
            var started = Stopwatch.GetTimestamp();
            using var quoteResponse = await http.SendAsync(Post("/api/v1/convert/quotes", token, new { from, to, fromAmount = amount }));
            quotes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!quoteResponse.IsSuccessStatusCode)
            {
                refused++;
                continue;
            }

            var quoteId = (await quoteResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("quoteId").GetString();
            started = Stopwatch.GetTimestamp();
            using var accept = await http.SendAsync(Post($"/api/v1/convert/quotes/{quoteId}/accept", token, new { }));
            accepts.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            refused += accept.IsSuccessStatusCode ? 0 : 1;
        }

        Console.WriteLine($"quote            p50 {Percentile(quotes, 50):F2} ms  p99 {Percentile(quotes, 99):F2} ms  ({quotes.Count} quotes, two-leg and one-leg routes)");
        Console.WriteLine($"accept           p50 {Percentile(accepts, 50):F2} ms  p99 {Percentile(accepts, 99):F2} ms  ({refused} refused: price moved or too small)");

        var latencies = new List<double>();
        var unquoted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(Post("/api/v1/convert/quotes", token, new { from = "SOL", to = "ETH", fromAmount = "0.5" }));
                if (!response.IsSuccessStatusCode)
                {
                    // The market maker replaces its quotes continuously; a moment of thin book refuses a quote.
                    var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString() ?? "?";
                    unquoted.AddOrUpdate(code, 1, (_, n) => n + 1);
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        Console.WriteLine($"quotes, {connections} connections {latencies.Count / watch.Elapsed.TotalSeconds,8:F0} quotes/s  p50 {Percentile(latencies, 50):F2} ms  p99 {Percentile(latencies, 99):F2} ms  (refused: {(unquoted.IsEmpty ? "none" : string.Join(", ", unquoted.Select(u => $"{u.Value} {u.Key}")))})");
        return 0;
    }

    private static HttpRequestMessage Post(string path, string token, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
