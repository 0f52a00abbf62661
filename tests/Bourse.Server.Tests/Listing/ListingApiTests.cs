using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Server.Tests.Listing;

/// <summary>One demo server (no market maker) with an operator; each test lists markets of its own.</summary>
public sealed class ListingServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public PlatformOperator Operator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(_directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Limits:AuthPerMinutePerIp=100000");
        Operator = await PlatformOperator.SignInAsync(Server);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>The admin listing API end to end: documents planned and applied, statuses, delisting and fee tiers.</summary>
public class ListingApiTests(ListingServerFixture fixture) : IClassFixture<ListingServerFixture>
{
    private PlatformClient Client => fixture.Operator.Client;

    private string Token => fixture.Operator.AccessToken;

    private static object Market(string symbol, string baseAsset, string quoteAsset, string? status = null) => new
    {
        symbol,
        baseAsset,
        quoteAsset,
        status,
        tickSize = "0.0001",
        lotSize = "0.01",
        minQuantity = "0.01",
        maxQuantity = "100000",
        minNotional = "0.0001",
    };

    private async Task<PlatformResponse> SendAsync(HttpMethod method, string path, object? body)
    {
        var response = await Client.SendAsync(method, path, body, Token);
        return response;
    }

    private async Task<JsonElement> OkAsync(HttpMethod method, string path, object? body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await SendAsync(method, path, body);
        Assert.True(response.Status == status, $"{method} {path}: {response.Status} {response.Text}");
        return response.Json ?? default;
    }

    private async Task<string> ExchangeInfoStatusAsync(string symbol)
    {
        var info = await fixture.Server.Http.GetFromJsonAsync<JsonElement>($"/api/v3/exchangeInfo?symbol={symbol}");
        return info.GetProperty("symbols")[0].GetProperty("status").GetString()!;
    }

    private static object Limit(string symbol, string side, string quantity, string price) =>
        new { symbol, side, type = "LIMIT", timeInForce = "GTC", quantity, price };

    [Fact]
    public async Task A_document_is_planned_without_change_applied_once_and_a_second_apply_changes_nothing()
    {
        var document = new
        {
            assets = new object[] { new { code = "DOT", name = "Polkadot", scale = 8 } },
            markets = new[] { Market("DOTUSDT", "DOT", "USDT") },
            feeTiers = new[] { new { tier = 7, makerRate = "0.0002", takerRate = "0.0004" } },
        };

        var plan = await OkAsync(HttpMethod.Post, "/api/v1/admin/listing/plan", document);
        Assert.Equal(["asset DOT create", "market DOTUSDT create", "feeTier 7 create"], Changes(plan));
        Assert.DoesNotContain((await OkAsync(HttpMethod.Get, "/api/v1/admin/assets", null)).EnumerateArray(), a => a.GetProperty("code").GetString() == "DOT");

        var applied = await OkAsync(HttpMethod.Post, "/api/v1/admin/listing/apply", document);
        Assert.Equal(Changes(plan), Changes(applied));
        Assert.Equal("TRADING", await ExchangeInfoStatusAsync("DOTUSDT"));
        var asset = (await OkAsync(HttpMethod.Get, "/api/v1/admin/assets", null)).EnumerateArray().Single(a => a.GetProperty("code").GetString() == "DOT");
        Assert.Equal("Polkadot", asset.GetProperty("name").GetString());

        var again = await OkAsync(HttpMethod.Post, "/api/v1/admin/listing/apply", document);
        Assert.Empty(again.GetProperty("changes").EnumerateArray());
        Assert.Equal(3, again.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task A_document_with_bad_entries_is_refused_with_each_error_and_nothing_is_applied()
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/admin/listing/apply", new
        {
            assets = new object[] { new { code = "ADA", scale = 6 }, new { code = "BTC", scale = 6 } },
            markets = new[] { Market("ADAUSDT", "ADA", "USDT"), Market("BADUSDT", "NOPE", "USDT") },
        });

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_listing");
        var entries = response.Json!.Value.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("entry").GetString()).ToList();
        Assert.Equal(["assets[1] (BTC)", "markets[1] (BADUSDT)"], entries);
        Assert.DoesNotContain((await OkAsync(HttpMethod.Get, "/api/v1/admin/assets", null)).EnumerateArray(), a => a.GetProperty("code").GetString() == "ADA");

        var unknown = await SendAsync(HttpMethod.Post, "/api/v1/admin/listing/plan", new { assets = Array.Empty<object>(), extra = 1 });
        unknown.AssertProblem(HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task A_halted_market_refuses_orders_and_exchange_info_shows_it_cancel_only_lets_orders_be_canceled()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/admin/markets", Market("SOLBTC", "SOL", "BTC"), HttpStatusCode.Created);
        var alice = await PlatformTrader.SignInAsync(fixture.Server, "alice");
        var resting = await alice.PlaceAsync(Limit("SOLBTC", "BUY", "1", "0.001"));

        var halted = await OkAsync(HttpMethod.Put, "/api/v1/admin/markets/SOLBTC/status", new { status = "HALTED", reason = "incident 42" });
        Assert.Equal("HALTED", halted.GetProperty("status").GetString());
        Assert.Equal("HALT", await ExchangeInfoStatusAsync("SOLBTC"));
        var (status, body, _) = await alice.PostAsync("/api/v1/orders", Limit("SOLBTC", "BUY", "1", "0.001"));
        Assert.True(status == 409, $"{status} {body}");

        await OkAsync(HttpMethod.Put, "/api/v1/admin/markets/SOLBTC/status", new { status = "CANCEL_ONLY", reason = "winding down" });
        Assert.Equal("BREAK", await ExchangeInfoStatusAsync("SOLBTC"));
        (status, _, _) = await alice.PostAsync("/api/v1/orders", Limit("SOLBTC", "BUY", "1", "0.001"));
        Assert.Equal(409, status);
        var (canceled, cancelBody, _) = await alice.DeleteAsync($"/api/v1/orders/{resting.GetProperty("orderId").GetInt64()}?symbol=SOLBTC");
        Assert.True(canceled == 200, $"{canceled} {cancelBody}");

        var missingReason = await SendAsync(HttpMethod.Put, "/api/v1/admin/markets/SOLBTC/status", new { status = "TRADING" });
        missingReason.AssertProblem(HttpStatusCode.BadRequest, "missing_field");
        var delistHere = await SendAsync(HttpMethod.Put, "/api/v1/admin/markets/SOLBTC/status", new { status = "DELISTED", reason = "no" });
        delistHere.AssertProblem(HttpStatusCode.BadRequest, "invalid_status");
    }

    [Fact]
    public async Task Delisting_cancels_every_open_order_refunds_them_and_the_books_balance()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/admin/markets", Market("LTCETH", "LTC", "ETH"), HttpStatusCode.Created);
        var alice = await PlatformTrader.SignInAsync(fixture.Server, "alice");
        var bob = await PlatformTrader.SignInAsync(fixture.Server, "bob");
        var aliceBefore = await alice.BalancesAsync();
        var bobBefore = await bob.BalancesAsync();
        await alice.PlaceAsync(Limit("LTCETH", "BUY", "2", "0.02"));
        await bob.PlaceAsync(Limit("LTCETH", "SELL", "3", "0.03"));

        var delisted = await OkAsync(HttpMethod.Post, "/api/v1/admin/markets/LTCETH/delist", new { reason = "project abandoned" });

        Assert.Equal("DELISTED", delisted.GetProperty("status").GetString());
        Assert.Equal("END_OF_DAY", await ExchangeInfoStatusAsync("LTCETH"));
        Assert.Equal(aliceBefore["ETH"], (await alice.BalancesAsync())["ETH"]);
        Assert.Equal(bobBefore["LTC"], (await bob.BalancesAsync())["LTC"]);
        await fixture.Operator.ReconcileAsync();
        var (status, _, _) = await alice.PostAsync("/api/v1/orders", Limit("LTCETH", "BUY", "1", "0.02"));
        Assert.Equal(409, status);
        (await SendAsync(HttpMethod.Post, "/api/v1/admin/markets/LTCETH/delist", new { reason = "again" })).AssertProblem(HttpStatusCode.Conflict, "market_delisted");
        (await SendAsync(HttpMethod.Put, "/api/v1/admin/markets/LTCETH/status", new { status = "TRADING", reason = "x" })).AssertProblem(HttpStatusCode.Conflict, "market_delisted");
    }

    [Fact]
    public async Task A_user_moved_to_a_fee_tier_pays_its_rate_on_the_next_fill()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/admin/markets", Market("SOLETH", "SOL", "ETH"), HttpStatusCode.Created);
        var tier = await OkAsync(HttpMethod.Put, "/api/v1/admin/fee-tiers/5", new { makerRate = "0", takerRate = "0.01" });
        Assert.Equal("0.01", tier.GetProperty("takerRate").GetString());
        (await SendAsync(HttpMethod.Put, "/api/v1/admin/users/1/fee-tier", new { tier = 999 })).AssertProblem(HttpStatusCode.BadRequest, "unknown_fee_tier");
        await OkAsync(HttpMethod.Put, "/api/v1/admin/users/1/fee-tier", new { tier = 5 }, HttpStatusCode.NoContent);
        var alice = await PlatformTrader.SignInAsync(fixture.Server, "alice");
        var bob = await PlatformTrader.SignInAsync(fixture.Server, "bob");
        var before = (await alice.BalancesAsync())["SOL"].Free;

        await bob.PlaceAsync(Limit("SOLETH", "SELL", "10", "0.05"));
        await alice.PlaceAsync(Limit("SOLETH", "BUY", "10", "0.05"));

        // Alice takes 10 SOL and pays 1 % of it.
        Assert.Equal(before + 9.9m, (await alice.BalancesAsync())["SOL"].Free);
        var tiers = await OkAsync(HttpMethod.Get, "/api/v1/admin/fee-tiers", null);
        Assert.Contains(tiers.EnumerateArray(), t => t.GetProperty("tier").GetInt32() == 5);
        await fixture.Operator.ReconcileAsync();
    }

    [Fact]
    public async Task Asset_and_market_changes_answer_the_entity_and_refuse_what_cannot_change()
    {
        var asset = await OkAsync(HttpMethod.Put, "/api/v1/admin/assets/LTC", new { name = "Litecoin", depositsEnabled = false });
        Assert.Equal(("Litecoin", false, true), (asset.GetProperty("name").GetString(), asset.GetProperty("depositsEnabled").GetBoolean(),
            asset.GetProperty("withdrawalsEnabled").GetBoolean()));
        (await SendAsync(HttpMethod.Put, "/api/v1/admin/assets/NOPE", new { name = "x" })).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await SendAsync(HttpMethod.Post, "/api/v1/admin/assets", new { code = "LTC", scale = 8 })).AssertProblem(HttpStatusCode.Conflict, "asset_exists");
        await OkAsync(HttpMethod.Put, "/api/v1/admin/assets/LTC", new { depositsEnabled = true });

        var market = await OkAsync(HttpMethod.Put, "/api/v1/admin/markets/ETHBTC", new { minNotional = "0.001", marketOrderBand = "0.2" });
        Assert.Equal(("0.001", "0.2"), (market.GetProperty("minNotional").GetString(), market.GetProperty("marketOrderBand").GetString()));
        var tick = await SendAsync(HttpMethod.Put, "/api/v1/admin/markets/ETHBTC", new { tickSize = "0.1" });
        tick.AssertProblem(HttpStatusCode.BadRequest, "invalid_listing");
        var markets = await OkAsync(HttpMethod.Get, "/api/v1/admin/markets", null);
        Assert.Equal("0.001", markets.EnumerateArray().Single(m => m.GetProperty("symbol").GetString() == "ETHBTC").GetProperty("minNotional").GetString());
    }

    [Fact]
    public async Task A_transfer_of_an_asset_whose_withdrawals_are_suspended_is_refused_until_they_are_enabled_again()
    {
        await OkAsync(HttpMethod.Put, "/api/v1/admin/assets/SOL", new { withdrawalsEnabled = false });
        var alice = await PlatformTrader.SignInAsync(fixture.Server, "alice");

        var (status, body, _) = await alice.PostAsync("/api/v1/transfers", new { toUserId = 2L, asset = "SOL", amount = "1", clientReference = "suspended-1" });
        Assert.True(status == 409 && body.GetProperty("code").GetString() == "asset_suspended", $"{status} {body}");

        await OkAsync(HttpMethod.Put, "/api/v1/admin/assets/SOL", new { withdrawalsEnabled = true });
        (status, body, _) = await alice.PostAsync("/api/v1/transfers", new { toUserId = 2L, asset = "SOL", amount = "1", clientReference = "suspended-2" });
        Assert.True(status == 201, $"{status} {body}");
    }

    [Fact]
    public async Task A_normal_user_cannot_reach_the_listing_api()
    {
        var alice = await PlatformTrader.SignInAsync(fixture.Server, "alice");
        var (status, _, _) = await alice.GetAsync("/api/v1/admin/assets");
        Assert.Equal(403, status);
        (status, _, _) = await alice.PostAsync("/api/v1/admin/listing/apply", new { assets = Array.Empty<object>() });
        Assert.Equal(403, status);
    }

    private static List<string> Changes(JsonElement plan) =>
        plan.GetProperty("changes").EnumerateArray()
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.GetProperty("kind").GetString()} {c.GetProperty("target").GetString()} {c.GetProperty("action").GetString()}"))
            .ToList();
}
