using System.Net;

namespace Bourse.Server.Tests.Hosting;

public class OperationsTests
{
    [Fact]
    public async Task Metrics_expose_the_engine_and_http_figures_for_prometheus()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo");
        await server.Http.GetStringAsync("/api/v3/ping");

        // Meters are observed on scrape and the histogram appears with its first batch: poll until the demo's
        // seeding has gone through the log (a loaded machine can take a while).
        var metrics = await Eventually.UntilAsync(() => server.Management.GetStringAsync("/metrics"),
            text => text.Contains("bourse_engine_journal_fsync_seconds_bucket", StringComparison.Ordinal)
                && text.Contains("http_request_duration_seconds", StringComparison.Ordinal));

        Assert.Contains("bourse_engine_commands", metrics, StringComparison.Ordinal);
        Assert.Contains("bourse_engine_journal_append_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("bourse_engine_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("bourse_engine_journal_fsync_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_on_the_management_port_and_not_on_the_api_port()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path);

        using var onApi = await server.Http.GetAsync("/metrics");
        using var onManagement = await server.Management.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, onApi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onManagement.StatusCode);
        Assert.Contains("bourse_engine_queue_depth", await onManagement.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(server.BaseAddress.Port, server.Management.BaseAddress!.Port);
    }

    [Fact]
    public async Task Health_is_answered_on_both_ports()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path);

        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            foreach (var client in new[] { server.Management, server.Http })
            {
                using var report = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(path));
                Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
            }
        }
    }

    [Fact]
    public async Task An_empty_management_address_serves_no_metrics_at_all()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--management-urls=");

        Assert.Null(server.Management.BaseAddress);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/metrics")).StatusCode);
        Assert.Contains("No management listener", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_carry_no_server_header()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path);

        foreach (var path in new[] { "/api/v3/ping", "/api/v3/nothing-here", "/", "/health/live" })
        {
            using var response = await server.Http.GetAsync(path);
            Assert.False(response.Headers.Contains("Server"), $"{path}: Server: {string.Join(' ', response.Headers.Server)}");
        }

        using var management = await server.Management.GetAsync("/metrics");
        Assert.False(management.Headers.Contains("Server"), "the management port sends Server");
    }
}
