using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Bourse.Server.Hosting;

/// <summary>Where the operator's endpoints listen. Section <c>Bourse:Management</c>.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Bourse:Management";

    public const string DefaultUrls = "http://127.0.0.1:9464";

    /// <summary>
    /// Addresses for <c>/metrics</c> and <c>/health/*</c>, ';'-separated (flag <c>--management-urls</c>): loopback by
    /// default, so a scraper on the host or a sidecar reads them and the internet does not; empty serves none.
    /// </summary>
    public string Urls { get; set; } = DefaultUrls;
}

/// <summary>
/// The management listener: Prometheus <c>/metrics</c> (which tells anyone who can read it the exchange's volumes,
/// users online and internals, so it is not on the public API port) and the health checks, on their own Kestrel
/// endpoint. It is the first part of the server to start and the last to stop, so a scraper sees recovery and the drain.
/// </summary>
public sealed partial class ManagementServer(
    IOptions<ManagementOptions> options, CollectorRegistry registry, HealthCheckService health, ILoggerFactory loggers, ILogger<ManagementServer> logger)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The addresses it listens on once started (the real ports when the settings asked for port 0); none when off.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var urls = options.Value.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            LogOff(logger);
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.AddServerHeader = false).UseUrls(urls);
        builder.Services.AddRoutingCore();
        // The server's own log, health checks and metrics, not copies.
        builder.Services.AddLogging();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
        builder.Services.AddSingleton(health);
        var app = builder.Build();
        app.MapMetrics("/metrics", registry);
        app.MapHealthChecks("/health/live", HealthReports.Live);
        app.MapHealthChecks("/health/ready", HealthReports.Ready);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Its address taken, say: the server does not start, and leaves nothing listening.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _app = app;
        Addresses = [.. app.Urls.Select(url => new Uri(url))];
        LogListening(logger, string.Join(", ", app.Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Management endpoints (/metrics, /health/live, /health/ready) on {Urls}")]
    private static partial void LogListening(ILogger logger, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "No management listener (Bourse:Management:Urls is empty): /metrics is not served")]
    private static partial void LogOff(ILogger logger);
}
