using System.Net;
using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.Server;
using Bourse.Server.Hosting;
using Bourse.Server.Operators;
using Bourse.Server.Trading;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace Bourse.Testing.Hosting;

/// <summary>
/// The real server, built as <c>Program.cs</c> builds it (<c>AddBourse</c>, <c>MapBourse</c>, the same flags), but in
/// the test's process: Kestrel on a free loopback port, so tests talk HTTP and WebSocket over real sockets, and no
/// process start. Its log, metrics registry and clock are its own; pass a <see cref="FakeTimeProvider"/> to move the
/// clock by hand (expiries, timers and the engine's timestamps all follow it).
/// </summary>
public sealed class InProcessServer : IBourseServer
{
    private readonly WebApplication _app;
    private readonly LogRecorder _log;
    private readonly IDisposable _meters;
    private bool _stopped;

    private InProcessServer(WebApplication app, LogRecorder log, IDisposable meters, string dataDirectory, Uri baseAddress, Uri? management, TimeProvider time)
    {
        _app = app;
        _log = log;
        _meters = meters;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Time = time;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Management = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public HttpClient Management { get; }

    public string Output => _log.Text;

    /// <summary>The server's clock: <see cref="TimeProvider.System"/> unless the test passed a fake one.</summary>
    public TimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the server with the system clock and waits until /health/ready says it has recovered.</summary>
    public static Task<InProcessServer> StartAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, time: null, extraArgs);

    /// <summary>Starts the server on <paramref name="time"/> and waits until /health/ready says it has recovered.</summary>
    public static async Task<InProcessServer> StartAsync(string dataDirectory, FakeTimeProvider? time, params string[] extraArgs)
    {
        var log = new LogRecorder();
        WebApplication? app = null;
        IDisposable? meters = null;
        try
        {
            // As Program.cs: settings from beside the binary (here the test's output, where the server's are copied).
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = CommandLine.Normalize(["--urls", "http://127.0.0.1:0", "--management-urls", "http://127.0.0.1:0", "--data-dir", dataDirectory, .. extraArgs]),
                ApplicationName = typeof(BourseServiceExtensions).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            var registry = Metrics.NewCustomRegistry();
            builder.Services.AddSingleton(registry);
            if (time is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(time);
            }

            builder.AddBourse();
            builder.Logging.ClearProviders().AddProvider(log);
            app = builder.Build();
            app.MapBourse();
            meters = MeterAdapter.StartListening(new MeterAdapterOptions
            {
                Registry = registry,
                MetricFactory = Metrics.WithCustomRegistry(registry),
                ResolveHistogramBuckets = Telemetry.HistogramBuckets,
            });
            await app.StartAsync().ConfigureAwait(false);
            var address = app.Urls.Single();
            var management = app.Services.GetRequiredService<ManagementServer>().Addresses.FirstOrDefault();
            var server = new InProcessServer(app, log, meters, dataDirectory, new Uri(address), management, time ?? TimeProvider.System);
            await server.WaitUntilReadyAsync().ConfigureAwait(false);
            return server;
        }
        catch (Exception exception)
        {
            meters?.Dispose();
            if (app is not null)
            {
                // Disposing stops what did start (the engine releases the log's lock), as a process exit would.
                await app.DisposeAsync().ConfigureAwait(false);
            }

            // As for the child process: a server that cannot start says why, with its log.
            throw new InvalidOperationException($"server failed to start: {exception}\n{log.Text}", exception);
        }
    }

    /// <summary>Runs <c>bourse admin create</c>'s code path on the server's own identity database and services.</summary>
    public async Task<string> CreateOperatorAsync(string email, IReadOnlyList<string> roles)
    {
        var created = await OperatorCommand.CreateOperatorAsync(Services.GetRequiredService<OperatorAccounts>(), Services.GetRequiredService<IOperatorAuditLog>(),
            Time, email, roles, PlatformOperatorsApi.LinkBase(_app.Configuration, Services.GetRequiredService<IdentityOptions>())).ConfigureAwait(false);
        return created.Value?.SetupLink ?? throw new InvalidOperationException($"operator {email} not created: {created.Error}");
    }

    public async Task<int> StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync().ConfigureAwait(false);
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _meters.Dispose();
        Http.Dispose();
        Management.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        await Eventually.UntilAsync(async () =>
        {
            using var response = await Http.GetAsync("/health/ready").ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }, () => $"server ready\n{Output}").ConfigureAwait(false);
    }
}
