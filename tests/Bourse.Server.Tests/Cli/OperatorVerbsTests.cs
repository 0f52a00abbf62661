using System.Text.Json;

namespace Bourse.Server.Tests.Cli;

/// <summary>
/// <c>bourse adjustments</c> and <c>bourse users</c> as operators run them: real processes signing in to a running
/// server over HTTP, the server keeping the rules (four eyes, what a role may do).
/// </summary>
public class OperatorVerbsTests
{
    private static JsonElement Json(CompletedRun run) => JsonSerializer.Deserialize<JsonElement>(run.StandardOutput);

    [Fact]
    public async Task A_credit_proposed_and_approved_from_the_command_line_needs_two_operators_and_a_freeze_keeps_what_it_does_not_name()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await InProcessServer.StartAsync(directory.Path, time, ["--demo", "--Bourse:DemoMarketMaker=false"]);
        var maker = await CommandLineOperator.CreateAsync(server, time, "maker@example.com", "treasury");
        var checker = await CommandLineOperator.CreateAsync(server, time, "checker@example.com", "treasury");
        var support = await CommandLineOperator.CreateAsync(server, time, "support@example.com", "support");
        var user = await new PlatformClient(server.Http).NewUserAsync("customer@example.com");
        var userId = user.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var proposed = await maker.RunAsync(server, directory.Path,
            "adjustments", "propose", "--user", userId, "--asset", "USDT", "--amount", "25", "--reason", "goodwill, ticket 17", "--reference", "cli-credit-1");
        Assert.True(proposed.ExitCode == 0, proposed.StandardOutput + proposed.StandardError);
        Assert.Equal("pending", Json(proposed).GetProperty("status").GetString());
        var id = Json(proposed).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var own = await maker.RunAsync(server, directory.Path, "adjustments", "approve", id);
        Assert.Equal(1, own.ExitCode);
        Assert.Contains("own_proposal", own.StandardError, StringComparison.Ordinal);
        var pending = await checker.RunAsync(server, directory.Path, "adjustments", "list");
        Assert.Contains(Json(pending).EnumerateArray(), p => p.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) == id);

        var approved = await checker.RunAsync(server, directory.Path, "adjustments", "approve", id);
        Assert.True(approved.ExitCode == 0, approved.StandardOutput + approved.StandardError);
        Assert.Equal("executed", Json(approved).GetProperty("status").GetString());
        var balances = await new PlatformClient(server.Http).GetAsync("/api/v1/account/balances", user.AccessToken);
        Assert.Contains(balances.Json!.Value.EnumerateArray(), b => b.GetProperty("asset").GetString() == "USDT" && decimal.Parse(b.GetProperty("free").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture) == 25m);

        // Support freezes trading only: withdrawals and sign-in stay as they were; unfreezing lifts it.
        var frozen = await support.RunAsync(server, directory.Path, "users", "freeze", userId, "--trading", "--reason", "ticket 18");
        Assert.True(frozen.ExitCode == 0, frozen.StandardOutput + frozen.StandardError);
        Assert.True(Json(frozen).GetProperty("trading").GetBoolean());
        Assert.False(Json(frozen).GetProperty("withdrawals").GetBoolean());
        Assert.False(Json(frozen).GetProperty("login").GetBoolean());
        var unfrozen = await support.RunAsync(server, directory.Path, "users", "unfreeze", userId, "--reason", "ticket 18 closed");
        Assert.True(unfrozen.ExitCode == 0, unfrozen.StandardOutput + unfrozen.StandardError);
        Assert.False(Json(unfrozen).GetProperty("trading").GetBoolean());

        // A treasury operator may not freeze; a command line without its arguments is a usage error.
        var notAllowed = await maker.RunAsync(server, directory.Path, "users", "freeze", userId, "--reason", "not mine to do");
        Assert.Equal(1, notAllowed.ExitCode);
        var usage = await ServerProcess.RunAsync(directory.Path, new Dictionary<string, string>(), "adjustments", "approve");
        Assert.Equal(2, usage.ExitCode);
    }
}
