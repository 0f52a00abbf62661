using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace Bourse.Bench;

/// <summary>
/// Market-stream fan-out under load: N WebSocket subscribers spread over the demo markets' <c>@depth@100ms</c> and
/// <c>@trade</c> streams while signed REST market orders drive trades at a fixed rate against the demo market maker.
/// Reports messages delivered per second and delivery lag (receive time − the message's event time <c>E</c>) per
/// stream kind. Starts the real server (<c>bourse.dll</c> next to this program) unless <c>--url</c> names one
/// started with <c>--demo</c> (its data directory must then be given with <c>--data-dir</c> for the demo keys).
/// Each subscriber is one socket on each side: N needs <c>ulimit -n</c> above N + a few hundred in both processes.
/// </summary>
public static class FanoutBenchmark
{
    private static readonly string[] Markets = ["btcusdt", "ethusdt", "ltcusdt", "solusdt", "ethbtc"];

    /// <summary>Order quantities just over each market's minimum notional.</summary>
    private static readonly Dictionary<string, string> Quantities = new()
    {
        ["BTCUSDT"] = "0.0001",
        ["ETHUSDT"] = "0.002",
        ["LTCUSDT"] = "0.1",
        ["SOLUSDT"] = "0.05",
        ["ETHBTC"] = "0.01",
    };

    private static int _reportedRefusal;

    public static int Run(FanoutArguments args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(FanoutArguments args)
    {
        BenchServer? server = null;
        var dataDirectory = args.DataDirectory ?? Path.Combine(Path.GetTempPath(), "bourse-fanout-" + Guid.NewGuid().ToString("N")[..8]);
        var url = args.Url;
        try
        {
            if (url is null)
            {
                server = await BenchServer.StartAsync(BenchServer.DefaultServerDll, marketMaker: true, dataDirectory);
                url = server.Url;
            }

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = url };
            var credentials = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "demo-credentials.json")));
            var traders = credentials.EnumerateArray()
                .Select(c => (Key: c.GetProperty("apiKey").GetString()!, Secret: c.GetProperty("secretKey").GetString()!)).ToArray();

            var lag = new Dictionary<string, LongConcurrentHistogram>
            {
                ["trade"] = new(1, 60_000, 3),
                ["depth"] = new(1, 60_000, 3),
            };
            var counting = 0;
            long delivered = 0;
            long closed = 0;
            using var stop = new CancellationTokenSource();
            var streamsUri = new Uri($"ws://{url.Authority}/ws/");
            var connect = Stopwatch.StartNew();
            var subscribers = new List<Task>(args.Subscribers);
            using var gate = new SemaphoreSlim(100);
            for (var i = 0; i < args.Subscribers; i++)
            {
                var kind = i % 2 == 0 ? "depth" : "trade";
                var stream = $"{Markets[i / 2 % Markets.Length]}@{(kind == "depth" ? "depth@100ms" : "trade")}";
                await gate.WaitAsync();
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                try
                {
                    await socket.ConnectAsync(new Uri(streamsUri, stream), CancellationToken.None);
                }
                finally
                {
                    gate.Release();
                }

                var histogram = lag[kind];
                subscribers.Add(Task.Run(async () =>
                {
                    var buffer = new byte[16 * 1024];
                    try
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            var length = 0;
                            ValueWebSocketReceiveResult result;
                            do
                            {
                                result = await socket.ReceiveAsync(buffer.AsMemory(length), stop.Token);
                                length += result.Count;
                                if (length == buffer.Length)
                                {
                                    Array.Resize(ref buffer, buffer.Length * 2);
                                }
                            }
                            while (!result.EndOfMessage);

                            if (result.MessageType == WebSocketMessageType.Close)
                            {
                                Interlocked.Increment(ref closed);
                                return;
                            }

                            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                            if (Volatile.Read(ref counting) == 1 && EventTime(buffer.AsSpan(0, length)) is { } e)
                            {
                                histogram.RecordValue(Math.Clamp(now - e, 1, 60_000));
                                Interlocked.Increment(ref delivered);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
                    {
                        if (!stop.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref closed);
                        }
                    }
                    finally
                    {
                        socket.Dispose();
                    }
                }));
            }

            Console.Error.WriteLine($"{args.Subscribers} subscribers connected in {connect.Elapsed.TotalSeconds:F1} s");

            long orders = 0, trades = 0, rejected = 0, unfilled = 0;
            var driving = Task.Run(async () =>
            {
                var symbols = Quantities.Keys.ToArray();
                var interval = TimeSpan.FromMilliseconds(10);
                var n = 0L;
                var started = Stopwatch.StartNew();
                using var timer = new PeriodicTimer(interval);
                var inFlight = new List<Task>();
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    // Paced by elapsed time, not by ticks, which the timer may coalesce.
                    var due = (long)(started.Elapsed.TotalSeconds * args.TradesPerSecond);
                    for (; n < due; n++)
                    {
                        var symbol = symbols[(int)(n % symbols.Length)];
                        var side = n / symbols.Length % 2 == 0 ? "BUY" : "SELL";
                        var trader = traders[(int)(n % traders.Length)];
                        inFlight.Add(PlaceAsync(http, trader, $"symbol={symbol}&side={side}&type=MARKET&quantity={Quantities[symbol]}&newOrderRespType=FULL")
                            .ContinueWith(t =>
                            {
                                Interlocked.Increment(ref orders);
                                if (!t.IsCompletedSuccessfully || t.Result < 0)
                                {
                                    Interlocked.Increment(ref rejected);
                                }
                                else if (t.Result == 0)
                                {
                                    // The market maker had no quotes up at that instant (it cancels, then requotes).
                                    Interlocked.Increment(ref unfilled);
                                }
                                else
                                {
                                    Interlocked.Add(ref trades, t.Result);
                                }
                            }, TaskScheduler.Default));
                    }

                    inFlight.RemoveAll(t => t.IsCompleted);
                }
            });

            await Task.Delay(TimeSpan.FromSeconds(args.WarmupSeconds));
            var tradesBefore = Interlocked.Read(ref trades);
            var ordersBefore = Interlocked.Read(ref orders);
            var cpuBefore = server?.Process.TotalProcessorTime;
            var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            Volatile.Write(ref counting, 1);
            var measured = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(args.Seconds));
            Volatile.Write(ref counting, 0);
            var seconds = measured.Elapsed.TotalSeconds;
            var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore).TotalSeconds / seconds;
            var serverCpu = server is null ? (double?)null : (server.Process.TotalProcessorTime - cpuBefore!.Value).TotalSeconds / seconds;
            var tradesMeasured = Interlocked.Read(ref trades) - tradesBefore;
            var ordersMeasured = Interlocked.Read(ref orders) - ordersBefore;
            // A server this benchmark did not start serves its metrics at the default management address.
            var metrics = await http.GetStringAsync(new Uri(server?.ManagementUrl ?? new Uri("http://127.0.0.1:9464"), "/metrics"));
            await stop.CancelAsync();
            try
            {
                await driving;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

            Report(args, seconds, Interlocked.Read(ref delivered), ordersMeasured, tradesMeasured, Interlocked.Read(ref rejected), Interlocked.Read(ref unfilled),
                Interlocked.Read(ref closed), lag, serverCpu, benchCpu, Metric(metrics, "bourse_ws_slow_consumers_dropped_total"),
                Metric(metrics, "bourse_ws_connections"));
            await Task.WhenAny(Task.WhenAll(subscribers), Task.Delay(5_000));
            return 0;
        }
        finally
        {
            server?.Dispose();

            if (args.Url is null && args.DataDirectory is null)
            {
                try
                {
                    Directory.Delete(dataDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A temp directory left behind is harmless.
                }
            }
        }
    }

    /// <summary>Places a signed order; the number of fills, or −1 when refused.</summary>
    private static async Task<int> PlaceAsync(HttpClient http, (string Key, string Secret) trader, string parameters)
    {
        using var request = SignedOrder.Create(trader.Key, Encoding.UTF8.GetBytes(trader.Secret), parameters);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            if (Interlocked.Exchange(ref _reportedRefusal, 1) == 0)
            {
                Console.Error.WriteLine($"first refused order: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
            }

            return -1;
        }

        var body = await response.Content.ReadFromJsonAsyncSafe().ConfigureAwait(false);
        return body.TryGetProperty("fills", out var fills) ? fills.GetArrayLength() : 0;
    }

    private static async Task<JsonElement> ReadFromJsonAsyncSafe(this HttpContent content) =>
        JsonSerializer.Deserialize<JsonElement>(await content.ReadAsStringAsync().ConfigureAwait(false));

    /// <summary>The <c>"E":</c> field of a stream message, without parsing the rest.</summary>
    private static long? EventTime(ReadOnlySpan<byte> message)
    {
        var at = message.IndexOf("\"E\":"u8);
        if (at < 0)
        {
            return null;
        }

        return Utf8Parser.TryParse(message[(at + 4)..], out long value, out _) ? value : null;
    }

    private static double Metric(string metrics, string name)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static void Report(FanoutArguments args, double seconds, long delivered, long orders, long trades, long rejected, long unfilled, long closed,
        Dictionary<string, LongConcurrentHistogram> lag, double? serverCpu, double benchCpu, double dropped, double connections)
    {
        static object Percentiles(HistogramBase h) => new
        {
            count = h.TotalCount,
            p50 = h.GetValueAtPercentile(50),
            p90 = h.GetValueAtPercentile(90),
            p99 = h.GetValueAtPercentile(99),
            p999 = h.GetValueAtPercentile(99.9),
            max = h.GetMaxValue(),
        };

        var result = new
        {
            subscribers = args.Subscribers,
            seconds = Math.Round(seconds, 1),
            offeredTradesPerSecond = args.TradesPerSecond,
            ordersPerSecond = Math.Round(orders / seconds, 1),
            tradesPerSecond = Math.Round(trades / seconds, 1),
            refusedOrders = rejected,
            unfilledOrders = unfilled,
            deliveredMessagesPerSecond = Math.Round(delivered / seconds),
            lagMs = lag.ToDictionary(p => p.Key, p => Percentiles(p.Value)),
            subscribersClosed = closed,
            serverSlowConsumersDropped = dropped,
            serverOpenConnections = connections,
            serverCpuCores = serverCpu is { } cpu ? Math.Round(cpu, 2) : (double?)null,
            benchCpuCores = Math.Round(benchCpu, 2),
            machineLoadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
        };
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = !args.Json }));
    }
}
