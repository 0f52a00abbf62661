using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bourse.Bench;

/// <summary>
/// The real server binary (<c>bourse.dll</c>, built next to the benchmark) started on a free loopback port with its own
/// data directory and demo markets, and limits raised so a generator measures the server rather than its rate limits.
/// </summary>
public sealed class BenchServer : IDisposable
{
    private readonly bool _ownsDirectory;

    private BenchServer(Process process, Uri url, Uri managementUrl, string dataDirectory, bool ownsDirectory)
    {
        Process = process;
        Url = url;
        ManagementUrl = managementUrl;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public static string DefaultServerDll => Path.Combine(AppContext.BaseDirectory, "bourse.dll");

    /// <summary>The server process, for its CPU time.</summary>
    public Process Process { get; }

    public Uri Url { get; }

    /// <summary>Where its <c>/metrics</c> are served.</summary>
    public Uri ManagementUrl { get; }

    public string DataDirectory { get; }

    /// <param name="defaultLimits">Keep the server's per-user and per-IP request limits (a run about what one user can do to
    /// others); otherwise they are lifted so that the benchmark's own clients are never throttled.</param>
    public static async Task<BenchServer> StartAsync(string serverDll, bool marketMaker, string? dataDirectory = null, bool defaultLimits = false)
    {
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"{serverDll} not found: build the benchmark (it builds the server next to it).");
        }

        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "bourse-bench-" + Guid.NewGuid().ToString("N"));
        // The server refuses a data directory others can read, and creates its own owner-only.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var managementUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo("dotnet",
        [
            Path.GetFullPath(serverDll), "--urls", url.ToString().TrimEnd('/'), "--management-urls", managementUrl.ToString().TrimEnd('/'),
            "--data-dir", dataDirectory, "--demo", $"--Bourse:DemoMarketMaker={marketMaker}", "--Logging:LogLevel:Default=Warning",
            .. defaultLimits ? Array.Empty<string>() :
            [
                "--Bourse:RequestWeightPerMinute=2000000000", "--Bourse:OrdersPer10Seconds=2000000000", "--Bourse:OrdersPerDay=2000000000",
                "--Bourse:WebSocketConnectionsPerIp=1000000", "--Bourse:Limits:AuthPerMinutePerIp=2000000000", "--Bourse:Limits:PlatformPerMinute=2000000000",
            ],
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchServer(process, url, managementUrl, dataDirectory, ownsDirectory);
        using var http = new HttpClient { BaseAddress = url };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode && File.Exists(Path.Combine(dataDirectory, "demo-credentials.json")))
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        server.Dispose();
        throw new TimeoutException("the server did not become ready in 60 s");
    }

    /// <summary>SIGTERM and wait: the server drains, snapshots and lets its history catch up, as an operator's restart does.</summary>
    public void StopGracefully()
    {
        if (Process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!Process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException("the server did not stop within 2 minutes of SIGTERM");
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
