using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bourse.Testing.Hosting;

/// <summary>
/// The real server binary, started as a child process on a free loopback port with its own data directory, and
/// stopped (gracefully, or with SIGKILL) by the test. For the tests where the process boundary is the point (a kill,
/// SIGTERM, the CLI next to a running server); the others use <see cref="InProcessServer"/>.
/// </summary>
public sealed class ServerProcess : IBourseServer
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly string[] _args;

    private ServerProcess(Process process, string dataDirectory, int port, int managementPort, string[] args)
    {
        _process = process;
        _args = args;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }

    /// <summary>A child process runs on the system clock.</summary>
    public TimeProvider Time => TimeProvider.System;

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public HttpClient Management { get; }

    /// <summary>
    /// The binary the tests run: the server built next to them, or <c>BOURSE_DLL</c> (to run the process tests against
    /// another build, such as the one before a fix).
    /// </summary>
    public static string Binary =>
        Environment.GetEnvironmentVariable("BOURSE_DLL") is { Length: > 0 } other ? other : Path.Combine(AppContext.BaseDirectory, "bourse.dll");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts the server and waits until /health/ready says it has recovered.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var port = FreePort();
        var managementPort = FreePort();
        var info = new ProcessStartInfo("dotnet",
            [Binary, "--urls", $"http://127.0.0.1:{port}", "--management-urls", $"http://127.0.0.1:{managementPort}", "--data-dir", dataDirectory, .. extraArgs])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the binary's directory, as for an operator: the data directory, or where the server is to create it.
            WorkingDirectory = Directory.Exists(dataDirectory) ? dataDirectory : Path.GetDirectoryName(Path.GetFullPath(dataDirectory)),
        };
        var process = new ServerProcess(Process.Start(info)!, dataDirectory, port, managementPort, extraArgs);
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                if (process._process.HasExited)
                {
                    // Exited can be seen before the last output lines were read: this overload waits for them.
                    process._process.WaitForExit();
                    throw new InvalidOperationException($"server exited with {process._process.ExitCode}:\n{process.Output}");
                }

                try
                {
                    using var response = await process.Http.GetAsync("/health/ready");
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // Not listening yet.
                }
            }, () => $"server ready:\n{process.Output}", TimeSpan.FromSeconds(60));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <c>bourse</c> with <paramref name="args"/> in <paramref name="workingDirectory"/> until it exits, as an
    /// operator would from a shell (for the command line and start-up refusals); kills it if it has not exited in a minute.
    /// </summary>
    public static Task<CompletedRun> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(string, string[])"/>, with environment variables set for the process (e.g. a password).</summary>
    public static async Task<CompletedRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Binary, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"bourse {string.Join(' ', args)} did not exit:\n{await output}\n{await error}");
        }

        return new CompletedRun(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Runs <c>bourse admin create</c> next to the server, with the server's identity-database and public-URL settings;
    /// returns the setup link it printed.
    /// </summary>
    public async Task<string> CreateOperatorAsync(string email, IReadOnlyList<string> roles)
    {
        var directory = Path.GetFullPath(DataDirectory);
        string[] shared = [.. Bourse.Server.CommandLine.Normalize(_args).Where(a =>
            a.StartsWith("--Bourse:Store:", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--Bourse:Identity:Store:", StringComparison.OrdinalIgnoreCase)
            || a.StartsWith("--Bourse:PublicUrl=", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--Bourse:Identity:PublicUrl=", StringComparison.OrdinalIgnoreCase))];
        var run = await RunAsync(directory, ["admin", "create", "--email", email, "--roles", string.Join(',', roles), "--data-dir", directory, .. shared]);
        var link = run.StandardOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("/admin/setup?token=", StringComparison.Ordinal));
        return run.ExitCode == 0 && link is not null
            ? link[link.LastIndexOf(' ')..].Trim()
            : throw new InvalidOperationException($"bourse admin create exited with {run.ExitCode}:\n{run.StandardOutput}\n{run.StandardError}");
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Sends a signal by name (<c>STOP</c>, <c>CONT</c>, …) to the server, as kill(1) would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Asks the server to stop as an orchestrator would (SIGTERM) and waits for it to exit.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        Http.Dispose();
        Management.Dispose();
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>How a run of <c>bourse</c> ended: its exit code and what it wrote to standard output and standard error.</summary>
public sealed record CompletedRun(int ExitCode, string StandardOutput, string StandardError);
