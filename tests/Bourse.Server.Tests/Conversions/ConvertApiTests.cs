using System.Globalization;
using System.Text.Json;

namespace Bourse.Server.Tests.Conversions;

/// <summary>
/// Convert through /api/v1 against the real server, on a quiet demo book that Bob makes (no market maker), so every
/// price is known: quotes, accepts, refusals and history, with the exchange's books balanced throughout.
/// </summary>
public class ConvertApiTests
{
    private static Task<(IBourseServer Server, PlatformTrader Alice, PlatformTrader Bob)> Start(TempDirectory directory, params string[] extra) =>
        Start(directory, null, extra);

    private static async Task<(IBourseServer Server, PlatformTrader Alice, PlatformTrader Bob)> Start(TempDirectory directory, FakeTimeProvider? time, params string[] extra)
    {
        var server = await InProcessServer.StartAsync(directory.Path, time, ["--demo", "--Bourse:DemoMarketMaker=false", .. extra]);
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        var bob = await PlatformTrader.SignInAsync(server, "bob");
        // SOLUSDT bids and ETHUSDT asks: the route SOL → USDT → ETH.
        await bob.PlaceAsync(Limit("SOLUSDT", "BUY", "10", "170"));
        await bob.PlaceAsync(Limit("SOLUSDT", "BUY", "10", "169"));
        await bob.PlaceAsync(Limit("ETHUSDT", "SELL", "1", "3500"));
        await bob.PlaceAsync(Limit("ETHUSDT", "SELL", "2", "3510"));
        return (server, alice, bob);
    }

    private static object Limit(string symbol, string side, string quantity, string price) =>
        new { symbol, side, type = "LIMIT", timeInForce = "GTC", quantity, price };

    private static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static async Task<JsonElement> QuoteAsync(PlatformTrader trader, object request)
    {
        var (status, quote, _) = await trader.PostAsync("/api/v1/convert/quotes", request);
        Assert.True(status == 201, $"{status} {quote}");
        return quote;
    }

    [Fact]
    public async Task Convert_through_an_intermediate_market_receives_at_least_the_quote_and_keeps_the_books_balanced()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;
        var admin = await PlatformOperator.SignInAsync(server);
        var supplyBefore = await admin.ReconcileAsync();
        var before = await alice.BalancesAsync();

        var quote = await QuoteAsync(alice, new { from = "SOL", to = "ETH", fromAmount = "5" });
        Assert.Equal(["SOLUSDT", "ETHUSDT"], quote.GetProperty("route").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("5.00000000", quote.GetProperty("fromAmount").GetString());
        // 5 SOL at 170 less the 0.1% taker fee buys whole 0.0001 ETH lots at 3500, less the fee again.
        var usdt = 850m - 0.85m;
        var eth = Math.Floor(usdt / 3500m / 0.0001m) * 0.0001m;
        Assert.Equal(eth - (eth * 0.001m), Number(quote, "toAmount"));
        Assert.True(Number(quote, "fee") > 0);
        Assert.Equal("ETH", quote.GetProperty("feeAsset").GetString());
        Assert.InRange(quote.GetProperty("validForMs").GetInt64(), 5_000, 60_000);
        Assert.Equal(Number(quote, "toAmount") / 5m, Math.Round(Number(quote, "rate"), 12));

        var quoteId = quote.GetProperty("quoteId").GetString()!;
        var (acceptStatus, done, _) = await alice.PostAsync($"/api/v1/convert/quotes/{quoteId}/accept", new { });
        Assert.True(acceptStatus == 200, done.ToString());
        Assert.Equal(quoteId, done.GetProperty("reference").GetString());
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.True(Number(done, "toAmount") >= Number(quote, "toAmount"));
        Assert.Equal(5m, Number(done, "fromAmount"));

        var after = await alice.BalancesAsync();
        Assert.Equal(before["SOL"].Free - 5m, after["SOL"].Free);
        Assert.Equal(before["ETH"].Free + Number(done, "toAmount"), after["ETH"].Free);
        // The lot-size remainder of the intermediate asset stays with Alice: less than one ETH lot's price.
        Assert.InRange(after["USDT"].Free - before["USDT"].Free, 0m, 0.35m);

        var (historyStatus, history, _) = await alice.GetAsync("/api/v1/convert/history");
        Assert.Equal(200, historyStatus);
        var listed = Assert.Single(history.GetProperty("converts").EnumerateArray());
        Assert.Equal(quoteId, listed.GetProperty("reference").GetString());
        Assert.Equal(done.GetProperty("toAmount").GetString(), listed.GetProperty("toAmount").GetString());
        var (detailStatus, detail, _) = await alice.GetAsync($"/api/v1/convert/{quoteId}");
        Assert.Equal(200, detailStatus);
        Assert.Equal(done.GetProperty("fromAmount").GetString(), detail.GetProperty("fromAmount").GetString());

        // Accepting again changes nothing.
        var (againStatus, again, _) = await alice.PostAsync($"/api/v1/convert/quotes/{quoteId}/accept", new { });
        Assert.Equal(409, againStatus);
        Assert.Equal("quote_already_accepted", again.GetProperty("code").GetString());
        Assert.Equal(after, await alice.BalancesAsync());

        Assert.Equal(supplyBefore, await admin.ReconcileAsync());
    }

    [Fact]
    public async Task A_quote_for_an_amount_to_receive_receives_at_least_that_amount()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory);
        await using var _ = server;
        var before = await alice.BalancesAsync();

        var quote = await QuoteAsync(alice, new { from = "USDT", to = "ETH", toAmount = "1.5" });
        Assert.True(Number(quote, "toAmount") >= 1.5m);
        Assert.Equal(["ETHUSDT"], quote.GetProperty("route").EnumerateArray().Select(r => r.GetString()));
        var (status, done, _) = await alice.PostAsync($"/api/v1/convert/quotes/{quote.GetProperty("quoteId").GetString()}/accept", new { });
        Assert.True(status == 200, done.ToString());

        var after = await alice.BalancesAsync();
        Assert.True(after["ETH"].Free - before["ETH"].Free >= 1.5m);
        Assert.Equal(before["USDT"].Free - Number(done, "fromAmount"), after["USDT"].Free);

        // A route that starts with a sell, through an intermediate market: SOL → USDT → ETH, to receive 0.1 ETH.
        var sell = await QuoteAsync(alice, new { from = "SOL", to = "ETH", toAmount = "0.1" });
        Assert.Equal(["SOLUSDT", "ETHUSDT"], sell.GetProperty("route").EnumerateArray().Select(r => r.GetString()));
        var (sellStatus, sold, _) = await alice.PostAsync($"/api/v1/convert/quotes/{sell.GetProperty("quoteId").GetString()}/accept", new { });
        Assert.True(sellStatus == 200, sold.ToString());
        Assert.True(Number(sold, "toAmount") >= 0.1m);
        Assert.Equal(after["SOL"].Free - Number(sold, "fromAmount"), (await alice.BalancesAsync())["SOL"].Free);
    }

    [Fact]
    public async Task Accept_is_refused_when_the_books_moved_past_the_quote_and_nothing_changes()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var _ = server;
        var quote = await QuoteAsync(alice, new { from = "SOL", to = "USDT", fromAmount = "12" });
        var before = await alice.BalancesAsync();

        // Bob pulls his best bid: 12 SOL would now sell lower than quoted.
        var (_, open, _) = await bob.GetAsync("/api/v1/orders/open?symbol=SOLUSDT");
        var best = open.EnumerateArray().Single(o => o.GetProperty("price").GetString() == "170.00000000");
        Assert.Equal(200, (await bob.DeleteAsync($"/api/v1/orders/{best.GetProperty("orderId").GetInt64()}?symbol=SOLUSDT")).Status);

        var (status, refused, _) = await alice.PostAsync($"/api/v1/convert/quotes/{quote.GetProperty("quoteId").GetString()}/accept", new { });
        Assert.Equal(409, status);
        Assert.Equal("price_moved", refused.GetProperty("code").GetString());
        Assert.Equal(before, await alice.BalancesAsync());
    }

    [Fact]
    public async Task An_expired_quote_is_refused_and_nothing_changes()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, alice, _) = await Start(directory, time, "--Bourse:Convert:QuoteLifetime=00:00:01");
        await using var _ = server;
        var quote = await QuoteAsync(alice, new { from = "SOL", to = "USDT", fromAmount = "1" });
        var before = await alice.BalancesAsync();

        time.Advance(TimeSpan.FromMilliseconds(1_500));
        var (status, refused, _) = await alice.PostAsync($"/api/v1/convert/quotes/{quote.GetProperty("quoteId").GetString()}/accept", new { });

        Assert.Equal(409, status);
        Assert.Equal("quote_expired", refused.GetProperty("code").GetString());
        Assert.Equal(before, await alice.BalancesAsync());
    }

    [Fact]
    public async Task Bad_quote_requests_get_a_clear_problem_and_change_nothing()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var _ = server;
        var before = await alice.BalancesAsync();

        (object Body, int Status, string Code)[] cases =
        [
            (new { from = "SOL", to = "ETH", fromAmount = "-1" }, 400, "invalid_amount"),
            (new { from = "SOL", to = "ETH", fromAmount = "0" }, 400, "invalid_amount"),
            (new { from = "SOL", to = "ETH", fromAmount = "1.000000001" }, 400, "invalid_precision"),
            (new { from = "SOL", to = "ETH", fromAmount = "1e3" }, 400, "invalid_amount"),
            (new { from = "SOL", to = "ETH", fromAmount = "99999999999999999999" }, 400, "invalid_amount"),
            (new { from = "DOGE", to = "ETH", fromAmount = "1" }, 400, "unknown_asset"),
            (new { from = "SOL", to = "SOL", fromAmount = "1" }, 400, "same_asset"),
            (new { from = "SOL", to = "ETH" }, 400, "invalid_field"),
            (new { from = "SOL", to = "ETH", fromAmount = "1", toAmount = "1" }, 400, "invalid_field"),
            (new { to = "ETH", fromAmount = "1" }, 400, "missing_field"),
            (new { from = "SOL", to = "ETH", fromAmount = "1", side = "BUY" }, 400, "invalid_json"),
            (new { from = "SOL", to = "ETH", fromAmount = 1 }, 400, "invalid_json"),
            (new { from = "SOL", to = "USDT", fromAmount = "0.0001" }, 400, "amount_out_of_range"),
            (new { from = "SOL", to = "USDT", fromAmount = "500" }, 409, "insufficient_liquidity"),
            (new { from = "SOL", to = "USDT", fromAmount = "5000" }, 409, "insufficient_balance"),
        ];
        foreach (var (body, expectedStatus, code) in cases)
        {
            var (status, problem, _) = await alice.PostAsync("/api/v1/convert/quotes", body);
            Assert.True(status == expectedStatus && problem.GetProperty("code").GetString() == code,
                $"{JsonSerializer.Serialize(body)} → {status} {problem}");
        }

        // A quote is its owner's alone, and made-up ids are unknown.
        var quote = await QuoteAsync(alice, new { from = "SOL", to = "USDT", fromAmount = "1" });
        var quoteId = quote.GetProperty("quoteId").GetString()!;
        Assert.Equal(404, (await bob.PostAsync($"/api/v1/convert/quotes/{quoteId}/accept", new { })).Status);
        Assert.Equal(404, (await alice.PostAsync("/api/v1/convert/quotes/CV0000/accept", new { })).Status);
        Assert.Equal(404, (await alice.GetAsync($"/api/v1/convert/{quoteId}")).Status);
        Assert.Equal(400, (await alice.GetAsync("/api/v1/convert/history?limit=0")).Status);
        Assert.Equal(400, (await alice.GetAsync("/api/v1/convert/history?cursor=bogus")).Status);
        Assert.Equal(before, await alice.BalancesAsync());

        Assert.Equal(200, (await alice.PostAsync($"/api/v1/convert/quotes/{quoteId}/accept", new { })).Status);
        Assert.Equal(404, (await bob.GetAsync($"/api/v1/convert/{quoteId}")).Status);
        var (_, bobHistory, _) = await bob.GetAsync("/api/v1/convert/history");
        Assert.Empty(bobHistory.GetProperty("converts").EnumerateArray());
    }
}
