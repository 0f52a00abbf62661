using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Server.Tests.Demo;

public class DemoModeTests
{
    [Fact]
    public async Task Demo_server_is_ready_answers_ping_and_time_and_writes_the_demo_credentials()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo");

        Assert.Equal("{}", await server.Http.GetStringAsync("/api/v3/ping"));
        var time = await server.Http.GetFromJsonAsync<JsonElement>("/api/v3/time");
        Assert.InRange(time.GetProperty("serverTime").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(),
            DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);

        var credentials = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(directory.Path, "demo-credentials.json")));
        Assert.Equal(["alice", "bob"], credentials.EnumerateArray().Select(c => c.GetProperty("user").GetString()!).ToArray());
        Assert.All(credentials.EnumerateArray(), c => Assert.Equal(64, c.GetProperty("apiKey").GetString()!.Length));
        // The secret is stored encrypted, never in the clear.
        var secret = credentials[0].GetProperty("secretKey").GetString()!;
        var identityFiles = Directory.GetFiles(directory.Path, "identity.db*");
        Assert.NotEmpty(identityFiles);
        foreach (var file in identityFiles)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            Assert.DoesNotContain(secret, await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_graceful_stop_drains_and_snapshots_so_the_next_start_replays_nothing()
    {
        using var directory = new TempDirectory();
        await using (var first = await ServerProcess.StartAsync(directory.Path, "--demo"))
        {
            // Stop in the middle of trading: once the market maker's orders are on the book.
            await Eventually.UntilAsync(async () => (await first.Http.GetStringAsync("/api/v3/depth?symbol=BTCUSDT&limit=5")).Contains("[[", StringComparison.Ordinal));
            Assert.Equal(0, await first.StopAsync());
            Assert.Contains("Engine drained and stopped", first.Output, StringComparison.Ordinal);
        }

        await using var second = await InProcessServer.StartAsync(directory.Path);
        Assert.Matches("snapshot at [1-9][0-9]*, replayed 0 commands", second.Output);
    }

    [Fact]
    public async Task Without_demo_the_server_starts_empty_and_the_data_survives_a_restart()
    {
        using var directory = new TempDirectory();
        await using (var first = await ServerProcess.StartAsync(directory.Path, "--demo"))
        {
            Assert.Equal("{}", await first.Http.GetStringAsync("/api/v3/ping"));
        }

        // Killed, not stopped: recovery must come from the log.
        await using var second = await InProcessServer.StartAsync(directory.Path);
        var replayed = System.Text.RegularExpressions.Regex.Match(second.Output, "replayed (\\d+) commands");
        Assert.True(replayed.Success, second.Output);
        // 5 assets, 5 markets and 20 deposits at least, all from the log since the first run never snapshotted.
        Assert.True(int.Parse(replayed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 30, second.Output);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/health/ready")).StatusCode);
    }
}
