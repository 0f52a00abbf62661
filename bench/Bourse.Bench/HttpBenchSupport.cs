using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Bench;

/// <summary>What the platform-API benchmarks share: option reading, percentiles, timing, bearer requests, demo sign-in.</summary>
public static class HttpBenchSupport
{
    /// <summary>The nearest-rank percentile of latencies in ms; NaN when there are none.</summary>
    public static double Percentile(List<double> values, int percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    /// <summary>An integer option (<c>--name N</c>), or <paramref name="fallback"/> when absent or not a number.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }

    /// <summary>p50, p99 and max of order latencies, for a line of output.</summary>
    public static string Summary(List<double> latencies) =>
        $"p50 {Percentile(latencies, 50),7:F2} ms  p99 {Percentile(latencies, 99),8:F2} ms  max {latencies.DefaultIfEmpty(double.NaN).Max(),8:F2} ms  ({latencies.Count} orders)";

    /// <summary>How long <paramref name="action"/> took, in ms.</summary>
    public static async Task<double> TimedAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>A bearer-authenticated request that must succeed (else the benchmark stops with the answer).</summary>
    public static async Task SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(method, path, token, body);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>A request with a bearer token and, when given, a JSON body.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Signs a demo trader (alice, bob) in with the password the demo wrote to demo-accounts.json; answers the access token.</summary>
    public static async Task<string> SignInAsync(HttpClient http, string dataDirectory, string name)
    {
        var accounts = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "demo-accounts.json")));
        var account = accounts.EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
        using var response = await http.PostAsJsonAsync("/api/v1/auth/login",
            new { email = account.GetProperty("email").GetString(), password = account.GetProperty("password").GetString() });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
