using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using static Bourse.Bench.HttpBenchSupport;

namespace Bourse.Bench;

/// <summary>
/// The platform API's identity costs against the real server: sign-up and sign-in latency (dominated by the password
/// KDF, on purpose), and authenticated request throughput (JWT validation plus the per-request session check) next to
/// an unauthenticated endpoint in the same run, so the ratio is what the token costs.
/// </summary>
public static class AccountsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = Option(args, "--users", 20);
        var seconds = Option(args, "--seconds", 10);
        var connections = Option(args, "--connections", 8);
        using var server = await BenchServer.StartAsync(BenchServer.DefaultServerDll, marketMaker: false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = server.Url };

        var signUps = new List<double>();
        var logins = new List<double>();
        var tokens = new List<string>();
        for (var i = 0; i < users; i++)
        {
            var credentials = new { email = $"bench{i}@example.com", password = "correct horse battery staple" };
            signUps.Add(await Timed(() => http.PostAsJsonAsync("/api/v1/auth/signup", credentials)));
            HttpResponseMessage? login = null;
            logins.Add(await Timed(async () => login = await http.PostAsJsonAsync("/api/v1/auth/login", credentials)));
            tokens.Add((await login!.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!);
        }

        Console.WriteLine($"sign-up   p50 {Percentile(signUps, 50):F1} ms  p99 {Percentile(signUps, 99):F1} ms  ({users} users)");
        Console.WriteLine($"sign-in   p50 {Percentile(logins, 50):F1} ms  p99 {Percentile(logins, 99):F1} ms");
        var (publicRate, publicLatency) = await ClosedLoop(http, connections, seconds, _ => new HttpRequestMessage(HttpMethod.Get, "/api/v3/time"));
        var (privateRate, privateLatency) = await ClosedLoop(http, connections, seconds, i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/account");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % tokens.Count]);
            return request;
        });
        Console.WriteLine($"GET /api/v3/time (no auth)     {publicRate,8:F0} req/s  p50 {Percentile(publicLatency, 50):F2} ms  p99 {Percentile(publicLatency, 99):F2} ms");
        Console.WriteLine($"GET /api/v1/account (bearer)   {privateRate,8:F0} req/s  p50 {Percentile(privateLatency, 50):F2} ms  p99 {Percentile(privateLatency, 99):F2} ms");
        Console.WriteLine($"authenticated / unauthenticated throughput: {privateRate / publicRate:F2}");
        return 0;
    }

    private static async Task<(double Rate, List<double> Latencies)> ClosedLoop(HttpClient http, int connections, int seconds,
        Func<int, HttpRequestMessage> request)
    {
        var latencies = new List<double>();
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var mine = new List<double>();
            for (var i = worker; Stopwatch.GetTimestamp() < deadline; i += connections)
            {
                using var message = request(i);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(message);
                response.EnsureSuccessStatusCode();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        return (latencies.Count / watch.Elapsed.TotalSeconds, latencies);
    }

    private static async Task<double> Timed(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
