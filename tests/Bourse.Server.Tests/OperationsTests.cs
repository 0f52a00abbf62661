namespace Bourse.Server.Tests;

public class OperationsTests
{
    [Fact]
    public async Task Metrics_expose_the_engine_and_http_figures_for_prometheus()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(directory.Path, "--demo");
        await server.Http.GetStringAsync("/api/v3/ping");
        await Task.Delay(1_500);

        var metrics = await server.Http.GetStringAsync("/metrics");

        Assert.Contains("bourse_engine_commands", metrics, StringComparison.Ordinal);
        Assert.Contains("bourse_engine_journal_append_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("bourse_engine_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
    }
}
