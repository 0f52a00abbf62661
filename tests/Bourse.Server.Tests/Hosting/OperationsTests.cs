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
        var metrics = await Eventually.UntilAsync(() => server.Http.GetStringAsync("/metrics"),
            text => text.Contains("bourse_engine_journal_fsync_seconds_bucket", StringComparison.Ordinal)
                && text.Contains("http_request_duration_seconds", StringComparison.Ordinal));

        Assert.Contains("bourse_engine_commands", metrics, StringComparison.Ordinal);
        Assert.Contains("bourse_engine_journal_append_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("bourse_engine_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("bourse_engine_journal_fsync_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
    }
}
