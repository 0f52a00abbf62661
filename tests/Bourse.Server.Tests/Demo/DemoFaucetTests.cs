using System.Text.Json;

namespace Bourse.Server.Tests.Demo;

/// <summary>The demo faucet (POST /api/v1/demo/faucet): play money once per account, in demo mode only.</summary>
public sealed class DemoFaucetTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    private static List<(string Asset, string Amount)> Credited(JsonElement claim) =>
        [.. claim.GetProperty("credited").EnumerateArray().Select(c => (c.GetProperty("asset").GetString()!, c.GetProperty("amount").GetString()!))];

    [Fact]
    public async Task A_new_account_claims_the_faucet_once()
    {
        var (erin, _, _) = await fixture.NewUserAsync("erin");
        var (status, claim, _) = await erin.PostAsync("/api/v1/demo/faucet", new { });
        Assert.True(status == 200, $"{status} {claim}");
        Assert.Equal([("SOL", "100.00000000"), ("USDT", "10000.00000000")], Credited(claim));
        var balances = await erin.BalancesAsync();
        Assert.Equal((100m, 0m), balances["SOL"]);
        Assert.Equal((10_000m, 0m), balances["USDT"]);
        Assert.Equal((0m, 0m), balances["BTC"]);

        var (again, problem, _) = await erin.PostAsync("/api/v1/demo/faucet", new { });
        Assert.Equal(409, again);
        Assert.Equal("faucet_already_claimed", problem.GetProperty("code").GetString());
        Assert.Equal(balances, await erin.BalancesAsync());

        // The credits are deposits in the wallet history.
        var (_, history, _) = await erin.GetAsync("/api/v1/wallet/history?kind=deposit");
        var deposits = history.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal(["USDT", "SOL"], deposits.Select(d => d.GetProperty("asset").GetString()));
        Assert.All(deposits, d => Assert.StartsWith("faucet:", d.GetProperty("reference").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parallel_claims_credit_once()
    {
        var (frank, _, _) = await fixture.NewUserAsync("frank");
        var supply = await fixture.Operator.ReconcileAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => frank.PostAsync("/api/v1/demo/faucet", new { })));
        Assert.All(answers, a => Assert.True(a.Status is 200 or 409, $"{a.Status} {a.Body}"));
        Assert.Equal(2, answers.Where(a => a.Status == 200).Sum(a => Credited(a.Body).Count));
        var balances = await frank.BalancesAsync();
        Assert.Equal((100m, 0m), balances["SOL"]);
        Assert.Equal((10_000m, 0m), balances["USDT"]);
        var after = await fixture.Operator.ReconcileAsync();
        Assert.Equal(supply["SOL"].Supply + 100m, after["SOL"].Supply);
        Assert.Equal(supply["USDT"].Supply + 10_000m, after["USDT"].Supply);
        Assert.Equal(supply["BTC"], after["BTC"]);
    }

    [Fact]
    public async Task The_faucet_needs_a_signed_in_user()
    {
        var anonymous = await fixture.Client.PostAsync("/api/v1/demo/faucet", new { });
        anonymous.AssertProblem(System.Net.HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_amounts_are_configurable()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:DemoFaucet:BTC=0.5", "--Bourse:DemoFaucet:ETH=2.25", "--Bourse:DemoFaucet:NOPE=1");
        var client = new PlatformClient(server.Http);
        var tokens = await client.NewUserAsync(PlatformServerFixture.NewEmail("gina"));
        var gina = new PlatformTrader(server.Http, tokens.AccessToken);
        var (status, claim, _) = await gina.PostAsync("/api/v1/demo/faucet", new { });
        Assert.Equal(200, status);
        Assert.Equal([("BTC", "0.50000000"), ("ETH", "2.25000000")], Credited(claim));
        var balances = await gina.BalancesAsync();
        Assert.Equal((0.5m, 0m), balances["BTC"]);
        Assert.Equal((0m, 0m), balances["SOL"]);
    }
}

/// <summary>Outside demo mode the faucet does not exist: not mapped, not in the OpenAPI document.</summary>
public sealed class DemoFaucetProductionTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    [Fact]
    public async Task Without_demo_mode_there_is_no_faucet()
    {
        var tokens = await fixture.Client.NewUserAsync(PlatformServerFixture.NewEmail("harry"));
        var harry = new PlatformTrader(fixture.Server.Http, tokens.AccessToken);
        var (status, _, _) = await harry.PostAsync("/api/v1/demo/faucet", new { });
        Assert.Equal(404, status);
        Assert.All((await harry.BalancesAsync()).Values, b => Assert.Equal((0m, 0m), b));
        Assert.DoesNotContain("/api/v1/demo/faucet", await fixture.Server.Http.GetStringAsync("/openapi/bourse.json"), StringComparison.Ordinal);
    }
}
