using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace Bourse.Server.Tests.Listing;

/// <summary><c>bourse listing</c> as an operator runs it: a real process signing in to a running server over HTTP.</summary>
public class ListingCommandTests
{
    private const string Email = "lister@example.com";
    private const string Password = "correct horse battery staple";

    /// <summary>A listing operator (made as <c>bourse admin create</c> makes one) with 2FA enrolled but not signed in; answers the authenticator's secret.</summary>
    private static async Task<Totp> EnrollOperatorAsync(IBourseServer server, FakeTimeProvider time)
    {
        var link = await server.CreateOperatorAsync(Email, ["listing"]);
        var client = new PlatformClient(server.Http);
        var setUp = await client.PostAsync("/api/v1/auth/operator-setup", new { token = new Uri(link).Query.Split("token=")[1], password = Password });
        Assert.True(setUp.Status == HttpStatusCode.NoContent, setUp.Text);
        var tokens = await client.LoginAsync(Email, Password);
        var enrollment = await client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken);
        var totp = new Totp(Base32Encoding.ToBytes(enrollment.Json!.Value.GetProperty("secret").GetString()!));
        var confirmed = await client.PostAsync("/api/v1/account/2fa/confirm", new { code = Code(totp, time), password = Password }, tokens.AccessToken);
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.Text);
        return totp;
    }

    /// <summary>A code of the next 30-second step on the server's clock: each sign-in spends its step.</summary>
    private static string NextCode(Totp totp, FakeTimeProvider time)
    {
        time.Advance(TimeSpan.FromSeconds(30));
        return Code(totp, time);
    }

    private static string Code(Totp totp, FakeTimeProvider time) => totp.ComputeTotp(time.GetUtcNow().UtcDateTime);

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
        var totp = await EnrollOperatorAsync(server, time);
        var file = Path.Combine(directory.Path, "listing.json");
        await File.WriteAllTextAsync(file, """
            { "assets": [ { "code": "DOT", "scale": 8 }, { "code": "USDT", "scale": 8 } ],
              "markets": [ { "symbol": "DOTUSDT", "baseAsset": "DOT", "quoteAsset": "USDT", "tickSize": "0.01", "lotSize": "0.00001",
                             "minQuantity": "0.00001", "maxQuantity": "9000", "minNotional": "5" } ] }
            """);
        var environment = new Dictionary<string, string> { ["BOURSE_PASSWORD"] = Password };
        string[] common = ["--server", server.Http.BaseAddress!.ToString(), "--email", Email];

        var dryRun = await ServerProcess.RunAsync(directory.Path, environment, ["listing", "apply", file, "--dry-run", .. common, "--otp", NextCode(totp, time)]);
        Assert.True(dryRun.ExitCode == 0, dryRun.StandardError);
        Assert.Contains("+ market DOTUSDT", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 entry already as written", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.False(await ListedAsync(server, "DOTUSDT"));

        var applied = await ServerProcess.RunAsync(directory.Path, environment, ["listing", "apply", file, .. common, "--otp", NextCode(totp, time)]);
        Assert.True(applied.ExitCode == 0, applied.StandardOutput + applied.StandardError);
        Assert.Contains("applied 2 change(s)", applied.StandardOutput, StringComparison.Ordinal);
        Assert.True(await ListedAsync(server, "DOTUSDT"));

        var usage = await ServerProcess.RunAsync(directory.Path, environment, ["listing", "apply", file]);
        Assert.Equal(2, usage.ExitCode);
    }
}
