using System.Text.Json;

namespace Bourse.Server.Tests.Wallet;

/// <summary>GET /api/v1/wallet/history: every money movement of the user outside trading, filtered and paged.</summary>
public sealed class WalletHistoryTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    private static List<JsonElement> Rows(JsonElement page) => [.. page.GetProperty("activities").EnumerateArray()];

    [Fact]
    public async Task History_lists_deposits_and_transfers_both_ways_newest_first_and_filters_by_kind_and_asset()
    {
        var (ivy, ivyTokens, _) = await fixture.NewUserAsync("ivy");
        Assert.Equal(200, (await ivy.PostAsync("/api/v1/demo/faucet", new { })).Status);
        var (_, received, _) = await fixture.Alice.PostAsync("/api/v1/transfers",
            new { toUserId = ivyTokens.UserId, asset = "BTC", amount = "0.01", clientReference = $"to-ivy-{Guid.NewGuid():N}" });
        var (_, sent, _) = await ivy.PostAsync("/api/v1/transfers", new { toUserId = 2L, asset = "SOL", amount = "7", clientReference = "ivy-1" });

        var (status, all, _) = await ivy.GetAsync("/api/v1/wallet/history");
        Assert.Equal(200, status);
        var rows = Rows(all);
        Assert.Equal(["transfer_out", "transfer_in", "deposit", "deposit"], rows.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal([sent.GetProperty("id").GetInt64(), received.GetProperty("id").GetInt64()], rows.Take(2).Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal("SOL", rows[0].GetProperty("asset").GetString());
        Assert.Equal("7.00000000", rows[0].GetProperty("amount").GetString());
        Assert.Equal("ivy-1", rows[0].GetProperty("reference").GetString());
        Assert.Equal(2, rows[0].GetProperty("counterparty").GetProperty("userId").GetInt64());
        Assert.Equal("0.01000000", rows[1].GetProperty("amount").GetString());
        Assert.Equal("a***@demo.bourse.local", rows[1].GetProperty("counterparty").GetProperty("email").GetString());
        Assert.False(rows[1].TryGetProperty("reference", out _));
        Assert.False(all.TryGetProperty("nextCursor", out _));

        Assert.Equal(["deposit", "deposit"], Rows((await ivy.GetAsync("/api/v1/wallet/history?kind=deposit")).Body).Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(["transfer_out", "transfer_in"],
            Rows((await ivy.GetAsync("/api/v1/wallet/history?kind=transfer_in,transfer_out")).Body).Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(["transfer_out", "deposit"], Rows((await ivy.GetAsync("/api/v1/wallet/history?asset=SOL")).Body).Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(["deposit"], Rows((await ivy.GetAsync("/api/v1/wallet/history?asset=SOL&kind=deposit")).Body).Select(r => r.GetProperty("kind").GetString()));
        Assert.Empty(Rows((await ivy.GetAsync("/api/v1/wallet/history?kind=staking_reward")).Body));
    }

    [Fact]
    public async Task A_convert_is_one_row_with_both_assets_and_its_fee()
    {
        var (jay, _, _) = await fixture.NewUserAsync("jay");
        Assert.Equal(200, (await jay.PostAsync("/api/v1/demo/faucet", new { })).Status);
        await fixture.Bob.PlaceAsync(new { symbol = "SOLUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "10", price = "170" });
        var (quoteStatus, quote, _) = await jay.PostAsync("/api/v1/convert/quotes", new { from = "SOL", to = "USDT", fromAmount = "5" });
        Assert.True(quoteStatus == 201, quote.ToString());
        var (acceptStatus, done, _) = await jay.PostAsync($"/api/v1/convert/quotes/{quote.GetProperty("quoteId").GetString()}/accept", new { });
        Assert.True(acceptStatus == 200, done.ToString());

        var (_, history, _) = await jay.GetAsync("/api/v1/wallet/history?kind=convert");
        var row = Assert.Single(Rows(history));
        Assert.Equal("SOL", row.GetProperty("asset").GetString());
        Assert.Equal("5.00000000", row.GetProperty("amount").GetString());
        Assert.Equal("USDT", row.GetProperty("toAsset").GetString());
        Assert.Equal(done.GetProperty("toAmount").GetString(), row.GetProperty("toAmount").GetString());
        Assert.True(decimal.Parse(row.GetProperty("fee").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(done.GetProperty("reference").GetString(), row.GetProperty("reference").GetString());
        Assert.Equal(["convert"], Rows((await jay.GetAsync("/api/v1/wallet/history?asset=USDT&kind=convert")).Body).Select(r => r.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Pages_by_cursor_cover_the_whole_history_once()
    {
        var (_, whole, _) = await fixture.Alice.GetAsync("/api/v1/wallet/history?limit=500");
        var expected = Rows(whole).Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.True(expected.Count >= 5, whole.ToString());

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var (status, page, _) = await fixture.Alice.GetAsync($"/api/v1/wallet/history?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.Equal(200, status);
            Assert.InRange(Rows(page).Count, 1, 2);
            seen.AddRange(Rows(page).Select(r => r.GetProperty("id").GetInt64()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData("kind=bogus", "invalid_parameter")]
    [InlineData("kind=deposit,", "invalid_parameter")]
    [InlineData("kind=Deposit", "invalid_parameter")]
    [InlineData("kind=deposit&kind=withdrawal", "invalid_parameter")]
    [InlineData("kind=", "invalid_parameter")]
    [InlineData("asset=DOGE", "unknown_asset")]
    [InlineData("limit=0", "invalid_parameter")]
    [InlineData("limit=501", "invalid_parameter")]
    [InlineData("limit=-1", "invalid_parameter")]
    [InlineData("limit=ten", "invalid_parameter")]
    [InlineData("cursor=%%%", "invalid_cursor")]
    [InlineData("cursor=bzox", "invalid_cursor")]
    public async Task Bad_filters_get_a_problem(string query, string code)
    {
        var (status, problem, _) = await fixture.Alice.GetAsync($"/api/v1/wallet/history?{query}");
        Assert.True(status == 400, $"{status} {problem}");
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_account_that_owes_2fa_enrollment_cannot_move_money_or_read_its_wallet_yet()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Identity:RequireTwoFactor=true");
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        var bob = await PlatformTrader.SignInAsync(server, "bob");
        var before = await BalancesOf(server);
        (HttpMethod, string, string?)[] endpoints =
        [
            (HttpMethod.Post, "/api/v1/transfers", """{"toUserId":2,"asset":"SOL","amount":"1","clientReference":"owed-1"}"""),
            (HttpMethod.Get, "/api/v1/transfers", null),
            (HttpMethod.Get, "/api/v1/transfers/1", null),
            (HttpMethod.Get, "/api/v1/wallet/history", null),
            (HttpMethod.Post, "/api/v1/demo/faucet", "{}"),
        ];
        foreach (var (method, path, json) in endpoints)
        {
            var (status, problem, _) = await alice.SendAsync(method, path, json);
            Assert.True(status == 403, $"{method} {path} → {status} {problem}");
            Assert.Equal("two_factor_setup_required", problem.GetProperty("code").GetString());
        }

        Assert.Equal(before, await BalancesOf(server));
        Assert.Equal(403, (await bob.GetAsync("/api/v1/wallet/history")).Status);
    }

    /// <summary>Alice's and Bob's balances read through the Binance API (the platform API is closed to them here).</summary>
    private static async Task<string> BalancesOf(IBourseServer server)
    {
        var text = new List<string>();
        foreach (var credential in await BinanceClient.DemoCredentials(server.DataDirectory))
        {
            var (_, account) = await new BinanceClient(server.Http, credential.ApiKey, credential.Secret).SignedAsync(HttpMethod.Get, "/api/v3/account", "");
            text.Add(account.GetProperty("balances").ToString());
        }

        return string.Join('\n', text);
    }
}
