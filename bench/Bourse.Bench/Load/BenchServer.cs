using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bourse.Bench.Load;

/// <summary>
/// The real server binary started for a benchmark on a free loopback port with its own data directory, demo markets
/// and no market maker, and limits raised so the generator measures the server rather than its rate limits.
/// </summary>
public sealed class BenchServer : IDisposable
{
    private readonly Process _process;

    private BenchServer(Process process, Uri url, string dataDirectory)
    {
        _process = process;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public Uri Url { get; }

    public string DataDirectory { get; }

    public static async Task<BenchServer> StartAsync(string serverDll)
    {
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"{serverDll} not found: build it first with 'dotnet build -c Release src/Bourse.Server'.");
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "bourse-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet",
        [
            Path.GetFullPath(serverDll), "--urls", url.ToString().TrimEnd('/'), "--data-dir", dataDirectory, "--demo",
            "--Bourse:DemoMarketMaker=false", "--Bourse:RequestWeightPerMinute=2000000000", "--Bourse:OrdersPer10Seconds=2000000000",
            "--Bourse:OrdersPerDay=2000000000", "--Logging:LogLevel:Default=Warning",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchServer(process, url, dataDirectory);
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

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
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
