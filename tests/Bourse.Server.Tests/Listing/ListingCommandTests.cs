using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bourse.Server.Tests.Cli;

namespace Bourse.Server.Tests.Listing;

/// <summary><c>bourse listing</c> as an operator runs it: a real process signing in to a running server over HTTP.</summary>
public class ListingCommandTests
{
    private const string Email = "lister@example.com";
    private const string Password = CommandLineOperator.Password;

    private static async Task<bool> ListedAsync(IBourseServer server, string symbol)
    {
        var info = await server.Http.GetFromJsonAsync<JsonElement>("/api/v3/exchangeInfo");
        return info.GetProperty("symbols").EnumerateArray().Any(s => s.GetProperty("symbol").GetString() == symbol);
    }

    [Fact]
    public async Task Listing_apply_prints_the_diff_and_applies_the_file_a_dry_run_changes_nothing_and_a_bad_command_line_exits_2()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await InProcessServer.StartAsync(directory.Path, time,
            ["--demo", "--Bourse:DemoMarketMaker=false"]);
        var lister = await CommandLineOperator.CreateAsync(server, time, Email, "listing");
        var file = Path.Combine(directory.Path, "listing.json");
        await File.WriteAllTextAsync(file, """
            { "assets": [ { "code": "DOT", "scale": 8 }, { "code": "USDT", "scale": 8 } ],
              "markets": [ { "symbol": "DOTUSDT", "baseAsset": "DOT", "quoteAsset": "USDT", "tickSize": "0.01", "lotSize": "0.00001",
                             "minQuantity": "0.00001", "maxQuantity": "9000", "minNotional": "5" } ] }
            """);
        var environment = new Dictionary<string, string> { ["BOURSE_PASSWORD"] = Password };
        string[] common = ["--server", server.Http.BaseAddress!.ToString(), "--email", Email];

        var dryRun = await ServerProcess.RunAsync(directory.Path, environment, ["listing", "apply", file, "--dry-run", .. common, "--otp", lister.NextCode()]);
        Assert.True(dryRun.ExitCode == 0, dryRun.StandardError);
        Assert.Contains("+ market DOTUSDT", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 entry already as written", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.False(await ListedAsync(server, "DOTUSDT"));

        var applied = await ServerProcess.RunAsync(directory.Path, environment, ["listing", "apply", file, .. common, "--otp", lister.NextCode()]);
        Assert.True(applied.ExitCode == 0, applied.StandardOutput + applied.StandardError);
        Assert.Contains("applied 2 change(s)", applied.StandardOutput, StringComparison.Ordinal);
        Assert.True(await ListedAsync(server, "DOTUSDT"));

        var usage = await ServerProcess.RunAsync(directory.Path, environment, ["listing", "apply", file]);
        Assert.Equal(2, usage.ExitCode);
    }
}
