using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using HdrHistogram;

namespace Bourse.Bench.Load;

/// <summary>
/// A load generator for the order API: signs Binance-style LIMIT orders (HMAC-SHA256, as CCXT does) and posts them over
/// keep-alive HTTP/1.1 from many connections, alternating the demo users and both sides at one price so orders cross
/// and the book stays small (every other order trades). Closed loop (<c>--rate 0</c>: as fast as answers come back) measures throughput; open loop
/// (<c>--rate N</c>) measures latency from each order's scheduled send time, so a stall is not hidden by the
/// generator waiting for it. Only 200 answers count: the server answers once the order is durable.
/// </summary>
public static class LoadBenchmark
{
    public static async Task<int> RunAsync(LoadArguments arguments)
    {
        BenchServer? started = null;
        var url = arguments.Url is { } given ? new Uri(given) : null;
        var dataDirectory = arguments.DataDirectory;
        if (url is null)
        {
            started = await BenchServer.StartAsync(arguments.ServerDll, marketMaker: false);
            url = started.Url;
            dataDirectory = started.DataDirectory;
        }

        try
        {
            var users = await ReadCredentials(dataDirectory ?? throw new ArgumentException("--url needs --data-dir for demo-credentials.json"));
            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = arguments.Connections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                UseProxy = false,
            };
            using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            if (arguments.Warmup > TimeSpan.Zero)
            {
                await Drive(http, users, arguments, arguments.Warmup);
            }

            var result = await Drive(http, users, arguments, arguments.Duration);
            Report(arguments, result);
            return result.Accepted > 0 ? 0 : 1;
        }
        finally
        {
            started?.Dispose();
        }
    }

    private sealed record User(string ApiKey, byte[] Secret);

    private sealed record Outcome(long Accepted, long Failed, double Seconds, LongHistogram Latency, string? FirstError);

    private static async Task<Outcome> Drive(HttpClient http, IReadOnlyList<User> users, LoadArguments arguments, TimeSpan duration)
    {
        var latency = new LongHistogram(TimeStamp.Seconds(30), 3);
        var accepted = 0L;
        var failed = 0L;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var schedule = Channel.CreateBounded<(long Slot, long Scheduled)>(new BoundedChannelOptions(arguments.Connections)
        {
            SingleWriter = true,
        });
        var pacer = arguments.Rate > 0 ? Pace(schedule.Writer, arguments.Rate, started, end) : Unpaced(schedule.Writer, end);
        var workers = Enumerable.Range(0, arguments.Connections).Select(_ => Task.Run(async () =>
        {
            var local = new LongHistogram(TimeStamp.Seconds(30), 3);
            await foreach (var (k, scheduled) in schedule.Reader.ReadAllAsync())
            {
                var from = scheduled == 0 ? Stopwatch.GetTimestamp() : scheduled;
                var user = users[(int)(k % users.Count)];
                var side = k % 4 < 2 ? "BUY" : "SELL";
                var (ok, error) = await PlaceOrder(http, user, side, 50_000);
                local.RecordValue(Stopwatch.GetTimestamp() - from);
                if (ok)
                {
                    Interlocked.Increment(ref accepted);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }

            lock (latency)
            {
                latency.Add(local);
            }
        })).ToArray();
        await pacer;
        await Task.WhenAll(workers);
        var seconds = (double)(Stopwatch.GetTimestamp() - started) / Stopwatch.Frequency;
        return new Outcome(accepted, failed, seconds, latency, firstError);
    }

    /// <summary>
    /// Open loop: every millisecond, releases the orders whose scheduled time has come. The channel holds one order
    /// per connection; when all are busy the pacer waits and those orders go late, and their lateness counts.
    /// </summary>
    private static async Task Pace(ChannelWriter<(long, long)> schedule, long rate, long started, long end)
    {
        var interval = (double)Stopwatch.Frequency / rate;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        var k = 0L;
        while (await timer.WaitForNextTickAsync())
        {
            var now = Stopwatch.GetTimestamp();
            for (var scheduled = started + (long)(k * interval); scheduled <= now; scheduled = started + (long)(k * interval))
            {
                if (scheduled >= end)
                {
                    schedule.Complete();
                    return;
                }

                await schedule.WriteAsync((k++, scheduled));
            }
        }
    }

    /// <summary>Closed loop: the next order goes as soon as a connection is free; latency is per request (slot time 0).</summary>
    private static async Task Unpaced(ChannelWriter<(long, long)> schedule, long end)
    {
        for (var k = 0L; Stopwatch.GetTimestamp() < end; k++)
        {
            await schedule.WriteAsync((k, 0));
        }

        schedule.Complete();
    }

    private static async Task<(bool Ok, string? Error)> PlaceOrder(HttpClient http, User user, string side, int price)
    {
        using var request = SignedOrder.Create(user.ApiKey, user.Secret, string.Create(CultureInfo.InvariantCulture,
            $"symbol=BTCUSDT&side={side}&type=LIMIT&timeInForce=GTC&quantity=0.001&price={price}&newOrderRespType=ACK&recvWindow=10000"));
        try
        {
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return (true, null);
            }

            return (false, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        catch (HttpRequestException e)
        {
            return (false, e.Message);
        }
    }

    private static async Task<IReadOnlyList<User>> ReadCredentials(string dataDirectory)
    {
        var json = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "demo-credentials.json")));
        return json.EnumerateArray()
            .Select(c => new User(c.GetProperty("apiKey").GetString()!, Encoding.UTF8.GetBytes(c.GetProperty("secretKey").GetString()!)))
            .ToList();
    }

    private static void Report(LoadArguments arguments, Outcome outcome)
    {
        double Ms(double percentile) => outcome.Latency.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        var rate = outcome.Accepted / outcome.Seconds;
        var offered = arguments.Rate > 0 ? arguments.Rate.ToString(CultureInfo.InvariantCulture) : "max";
        if (arguments.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                mode = "load",
                offered,
                connections = arguments.Connections,
                acceptedPerSecond = Math.Round(rate),
                accepted = outcome.Accepted,
                failed = outcome.Failed,
                p50Ms = Ms(50),
                p90Ms = Ms(90),
                p99Ms = Ms(99),
                p999Ms = Ms(99.9),
                maxMs = outcome.Latency.GetMaxValue() * 1000.0 / Stopwatch.Frequency,
            }));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"load offered={offered}/s connections={arguments.Connections}: {rate:F0} orders/s accepted ({outcome.Accepted} ok, {outcome.Failed} failed in {outcome.Seconds:F1} s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"latency ms: p50 {Ms(50):F2}  p90 {Ms(90):F2}  p99 {Ms(99):F2}  p99.9 {Ms(99.9):F2}  max {outcome.Latency.GetMaxValue() * 1000.0 / Stopwatch.Frequency:F2}"));
        }

        if (outcome.FirstError is not null)
        {
            Console.Error.WriteLine($"first error: {outcome.FirstError}");
        }
    }
}
