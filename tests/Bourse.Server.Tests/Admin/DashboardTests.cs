using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Bourse.Server.Tests.Admin;

/// <summary>
/// <c>GET /api/v1/admin/dashboard</c> on a quiet demo exchange (no market maker): every trade is the test's, so the
/// 24 h figures, the fees and the account count move by exactly what the test did.
/// </summary>
public class DashboardTests
{
    private static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static JsonElement Market(JsonElement dashboard, string symbol) =>
        dashboard.GetProperty("markets").EnumerateArray().Single(m => m.GetProperty("symbol").GetString() == symbol);

    private static decimal Fee(JsonElement dashboard, string asset) =>
        dashboard.GetProperty("feesEarned").EnumerateArray().Where(f => f.GetProperty("asset").GetString() == asset)
            .Select(f => Number(f, "amount")).SingleOrDefault();

    private static async Task<JsonElement> DashboardAsync(PlatformOperator admin)
    {
        var response = await admin.Client.GetAsync("/api/v1/admin/dashboard", admin.AccessToken);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        return response.Json!.Value;
    }

    [Fact]
    public async Task An_operator_sees_accounts_market_activity_fees_and_a_balanced_book_that_follow_a_trade()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Limits:AuthPerMinutePerIp=100000");
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        var bob = await PlatformTrader.SignInAsync(server, "bob");
        var admin = await PlatformOperator.SignInAsync(server);

        var before = await DashboardAsync(admin);
        Assert.Equal(0, before.GetProperty("pendingProposals").GetInt32());
        Assert.True(before.GetProperty("reconciliation").GetProperty("balanced").GetBoolean());
        Assert.Equal("TRADING", Market(before, "SOLUSDT").GetProperty("status").GetString());

        await new PlatformClient(server.Http).NewUserAsync($"new-{Guid.NewGuid():N}@example.com");
        await bob.PlaceAsync(new { symbol = "SOLUSDT", side = "SELL", type = "LIMIT", timeInForce = "GTC", quantity = "2", price = "150" });
        await alice.PlaceAsync(new { symbol = "SOLUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "2", price = "150" });

        var after = await DashboardAsync(admin);
        Assert.Equal(before.GetProperty("users").GetInt64() + 1, after.GetProperty("users").GetInt64());
        var sol = Market(after, "SOLUSDT");
        Assert.Equal(Market(before, "SOLUSDT").GetProperty("trades24h").GetInt64() + 1, sol.GetProperty("trades24h").GetInt64());
        Assert.Equal(Number(Market(before, "SOLUSDT"), "volume24h") + 300m, Number(sol, "volume24h"));
        // 0.1 % of what each side received: 0.002 SOL from the buyer, 0.3 USDT from the seller.
        Assert.Equal(Fee(before, "USDT") + 0.3m, Fee(after, "USDT"));
        Assert.Equal(Fee(before, "SOL") + 0.002m, Fee(after, "SOL"));

        var reconciliation = after.GetProperty("reconciliation");
        Assert.True(reconciliation.GetProperty("balanced").GetBoolean());
        var rows = reconciliation.GetProperty("assets").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("asset").GetString() == "SOL");
        Assert.All(rows, r => Assert.True(r.GetProperty("balanced").GetBoolean()));
        // The same figures the reconciliation endpoint gives.
        var supply = await admin.ReconcileAsync();
        Assert.All(rows, r => Assert.Equal(supply[r.GetProperty("asset").GetString()!].Supply, Number(r, "supply")));
        Assert.All(rows, r => Assert.True(Number(r, "held") >= 0));
    }

    [Fact]
    public async Task A_normal_user_is_refused_and_no_token_is_unauthorized()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Limits:AuthPerMinutePerIp=100000");
        var client = new PlatformClient(server.Http);
        var tokens = await client.NewUserAsync($"trader-{Guid.NewGuid():N}@example.com");

        (await client.GetAsync("/api/v1/admin/dashboard", tokens.AccessToken)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/admin/dashboard", null)).Status);

        var admin = await PlatformOperator.SignInAsync(server);
        var dashboard = await DashboardAsync(admin);
        // Every listed market, in symbol order, none traded yet on this quiet exchange.
        var markets = dashboard.GetProperty("markets").EnumerateArray().ToList();
        Assert.Equal(["BTCUSDT", "ETHBTC", "ETHUSDT", "LTCUSDT", "SOLUSDT"], markets.Select(m => m.GetProperty("symbol").GetString()));
        Assert.All(markets, m => Assert.Equal(0, m.GetProperty("trades24h").GetInt64()));
        Assert.Empty(dashboard.GetProperty("feesEarned").EnumerateArray());
        Assert.True(dashboard.GetProperty("reconciliation").GetProperty("balanced").GetBoolean());
    }
}
