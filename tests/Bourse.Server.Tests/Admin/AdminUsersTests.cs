using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bourse.Server.Tests.Admin;

/// <summary>
/// Support in the back office (/api/v1/admin/users) on a demo server: finding a user, their page, freezing trading,
/// withdrawals and sign-in (refused on /api/v1, /api/v3, the WebSocket API and the streams, nothing changed while
/// refused, everything back after the unfreeze), revoking sessions and keys, forcing a password reset.
/// </summary>
public sealed partial class AdminUsersTests(DemoServerFixture demo) : IClassFixture<DemoServerFixture>
{
    private const string Password = "correct horse battery staple";

    private PlatformClient Client => demo.Client;

    private string Admin => demo.Operator.AccessToken;

    [Fact]
    public async Task Support_finds_a_user_by_email_fragment_in_any_case_by_id_and_by_api_key_and_pages_newest_first()
    {
        var (email, tokens) = await NewVerifiedUserAsync("Finder");
        var key = await CreateApiKeyAsync(tokens.AccessToken);
        var fragment = email[..12].ToUpperInvariant();

        Assert.Equal([tokens.UserId], await SearchIdsAsync($"q={Uri.EscapeDataString(fragment)}"));
        // A number also matches the addresses that contain its digits (random ones here): the user comes first, newest.
        Assert.Equal(tokens.UserId, (await SearchIdsAsync($"q={tokens.UserId}"))[0]);
        Assert.Equal([tokens.UserId], await SearchIdsAsync($"q={key.ApiKey}"));
        Assert.Empty(await SearchIdsAsync("q=%25"));

        var first = await Client.GetAsync("/api/v1/admin/users?limit=2", Admin);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var users = first.Json!.Value.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(2, users.Count);
        Assert.True(users[0].GetProperty("userId").GetInt64() > users[1].GetProperty("userId").GetInt64());
        var next = first.Json!.Value.GetProperty("next").GetInt64();
        Assert.Equal(users[1].GetProperty("userId").GetInt64(), next);
        var second = await SearchIdsAsync($"limit=2&before={next}");
        Assert.All(second, id => Assert.True(id < next));

        var found = users.Single(u => u.GetProperty("userId").GetInt64() == tokens.UserId);
        Assert.Equal(email, found.GetProperty("email").GetString());
        Assert.True(found.GetProperty("emailVerified").GetBoolean());
        Assert.False(found.GetProperty("restrictions").GetProperty("login").GetBoolean());
    }

    [Fact]
    public async Task A_users_page_shows_profile_balances_orders_trades_sessions_keys_and_security_log_and_never_a_secret()
    {
        var bob = await PlatformTrader.LoginAsync(demo.Server, "bob");
        var bobId = bob.GetProperty("userId").GetInt64();
        var order = await demo.Bob.PlaceAsync(new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.01", price = "1000" });

        var page = await Client.GetAsync($"/api/v1/admin/users/{bobId}", Admin);
        Assert.True(page.Status == HttpStatusCode.OK, page.Text);
        var json = page.Json!.Value;
        Assert.Equal(bobId, json.GetProperty("profile").GetProperty("userId").GetInt64());
        Assert.Contains(json.GetProperty("balances").EnumerateArray(), b => b.GetProperty("asset").GetString() == "USDT"
            && decimal.Parse(b.GetProperty("locked").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 1m);
        Assert.Contains(json.GetProperty("openOrders").EnumerateArray(), o => o.GetProperty("orderId").GetInt64() == order.GetProperty("orderId").GetInt64()
            && o.GetProperty("symbol").GetString() == "BTCUSDT" && o.GetProperty("side").GetString() == "BUY");
        Assert.Equal(JsonValueKind.Array, json.GetProperty("recentTrades").ValueKind);
        Assert.Contains(json.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("id").GetString() == bob.GetProperty("sessionId").GetString());
        Assert.NotEmpty(json.GetProperty("apiKeys").EnumerateArray());
        Assert.Contains(json.GetProperty("securityLog").EnumerateArray(), e => e.GetProperty("type").GetString() == "login");
        Assert.False(json.GetProperty("restrictions").GetProperty("trading").GetBoolean());
        var secret = (await BinanceClient.DemoCredentials(demo.Server.DataDirectory)).Single(c => c.User == "bob").Secret;
        Assert.DoesNotContain(secret, page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", page.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_trading_and_withdrawal_freeze_refuses_orders_and_transfers_on_every_api_changes_nothing_and_unfreezing_restores_them()
    {
        var alice = (await BinanceClient.DemoCredentials(demo.Server.DataDirectory)).Single(c => c.User == "alice");
        var binance = new BinanceClient(demo.Server.Http, alice.ApiKey, alice.Secret);
        var aliceId = (await PlatformTrader.LoginAsync(demo.Server, "alice")).GetProperty("userId").GetInt64();
        var bobId = (await PlatformTrader.LoginAsync(demo.Server, "bob")).GetProperty("userId").GetInt64();
        var resting = await demo.Alice.PlaceAsync(new { symbol = "ETHUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.01", price = "1000" });

        var frozen = await SetRestrictionsAsync(aliceId, new { trading = true, withdrawals = true, login = false, reason = "KYC review #12", cancelOpenOrders = true });
        Assert.Equal(HttpStatusCode.OK, frozen.Status);
        Assert.Equal("KYC review #12", frozen.Json!.Value.GetProperty("reason").GetString());
        Assert.DoesNotContain((await demo.Alice.GetAsync("/api/v1/orders/open")).Body.EnumerateArray(),
            o => o.GetProperty("orderId").GetInt64() == resting.GetProperty("orderId").GetInt64());
        var before = await demo.Alice.BalancesAsync();

        var (v1Status, v1Body, _) = await demo.Alice.PostAsync("/api/v1/orders", new { symbol = "ETHUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.01", price = "1000" });
        Assert.Equal(403, v1Status);
        Assert.Equal("account_restricted", v1Body.GetProperty("code").GetString());
        var (v3Status, v3Body) = await binance.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=1000", inBody: true);
        Assert.Equal(400, v3Status);
        Assert.Equal(-2010, v3Body.GetProperty("code").GetInt32());
        Assert.Equal("This action is disabled on this account.", v3Body.GetProperty("msg").GetString());
        var (transferStatus, transferBody, _) = await demo.Alice.PostAsync("/api/v1/transfers", new { toUserId = bobId, asset = "USDT", amount = "1", clientReference = "frozen-1" });
        Assert.Equal(403, transferStatus);
        Assert.Equal("account_restricted", transferBody.GetProperty("code").GetString());
        Assert.Equal(before, await demo.Alice.BalancesAsync());

        var page = (await Client.GetAsync($"/api/v1/admin/users/{aliceId}", Admin)).Json!.Value;
        Assert.True(page.GetProperty("restrictions").GetProperty("trading").GetBoolean());
        Assert.True(page.GetProperty("restrictions").GetProperty("withdrawals").GetBoolean());
        Assert.Equal("KYC review #12", page.GetProperty("restrictions").GetProperty("reason").GetString());
        Assert.Contains(page.GetProperty("securityLog").EnumerateArray(), e => e.GetProperty("type").GetString() == "account_restricted");

        var audited = Assert.Single(await OperatorAuditAsync(aliceId), a => a.Action == "user.restrictions");
        Assert.Equal("KYC review #12", audited.Reason);
        Assert.Contains("\"trading\":false", audited.Before, StringComparison.Ordinal);
        Assert.Contains("\"trading\":true", audited.After, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await SetRestrictionsAsync(aliceId, new { trading = false, withdrawals = false, login = false, reason = "cleared" })).Status);
        await demo.Alice.PlaceAsync(new { symbol = "ETHUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.01", price = "1000" });
        var (v3After, v3AfterBody) = await binance.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=1000", inBody: true);
        Assert.True(v3After == 200, v3AfterBody.ToString());
        var (transferAfter, transferAfterBody, _) = await demo.Alice.PostAsync("/api/v1/transfers", new { toUserId = bobId, asset = "USDT", amount = "1", clientReference = "after-unfreeze" });
        Assert.True(transferAfter == 201, transferAfterBody.ToString());
        await demo.Operator.ReconcileAsync();
    }

    [Fact]
    public async Task A_sign_in_freeze_ends_sessions_refuses_sign_in_refresh_and_api_keys_closes_streams_and_unfreezing_restores_them()
    {
        var (email, tokens) = await NewVerifiedUserAsync("frozen");
        var key = await CreateApiKeyAsync(tokens.AccessToken);
        var binance = new BinanceClient(demo.Server.Http, key.ApiKey, key.Secret);
        Assert.Equal(200, (await binance.SignedAsync(HttpMethod.Get, "/api/v3/account", "")).Status);
        var listenKey = await ListenKeyAsync(HttpMethod.Post, key.ApiKey);
        Assert.Equal(200, listenKey.Status);
        await using var stream = await JsonWebSocket.ConnectAsync(demo.Server.BaseAddress, "/ws/" + listenKey.Body.GetProperty("listenKey").GetString());
        await using var wsApi = await JsonWebSocket.ConnectAsync(demo.Server.BaseAddress, "/ws-api/v3");
        await wsApi.SendAsync(JsonWebSocket.SignedRequest("1", "userDataStream.subscribe.signature", key.ApiKey, key.Secret));
        Assert.Equal(200, (await wsApi.ReceiveAsync()).GetProperty("status").GetInt32());

        var frozen = await SetRestrictionsAsync(tokens.UserId, new { trading = false, withdrawals = false, login = true, reason = "account takeover suspected" });
        Assert.Equal(HttpStatusCode.OK, frozen.Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/v1/account/balances", tokens.AccessToken)).Status);
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password })).AssertProblem(HttpStatusCode.Forbidden, "account_frozen");
        (await Client.PostAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })).AssertProblem(HttpStatusCode.Forbidden, "account_frozen");
        var (refused, refusedBody) = await binance.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        Assert.Equal(401, refused);
        Assert.Equal(-1002, refusedBody.GetProperty("code").GetInt32());
        Assert.Contains("frozen", refusedBody.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(-1002, (await ListenKeyAsync(HttpMethod.Post, key.ApiKey)).Body.GetProperty("code").GetInt32());
        Assert.Equal(-1002, (await binance.SignedAsync(HttpMethod.Get, "/sapi/v1/asset/tradeFee", "")).Body.GetProperty("code").GetInt32());
        await stream.ReceiveUntilClosedAsync();
        var terminated = await wsApi.ReceiveAsync();
        Assert.Equal("eventStreamTerminated", terminated.GetProperty("event").GetProperty("e").GetString());
        await wsApi.SendAsync(JsonWebSocket.SignedRequest("2", "userDataStream.subscribe.signature", key.ApiKey, key.Secret));
        Assert.Equal(-1002, (await wsApi.ReceiveAsync()).GetProperty("error").GetProperty("code").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await SetRestrictionsAsync(tokens.UserId, new { trading = false, withdrawals = false, login = false, reason = "owner verified" })).Status);
        var again = await Client.LoginAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/account/balances", again.AccessToken)).Status);
        Assert.Equal(200, (await binance.SignedAsync(HttpMethod.Get, "/api/v3/account", "")).Status);
        Assert.Equal(200, (await ListenKeyAsync(HttpMethod.Post, key.ApiKey)).Status);
        Assert.Equal(200, (await binance.SignedAsync(HttpMethod.Get, "/sapi/v1/asset/tradeFee", "")).Status);
    }

    [Fact]
    public async Task Support_revokes_one_session_then_all_then_every_api_key()
    {
        var (email, first) = await NewVerifiedUserAsync("sessions");
        var second = await Client.LoginAsync(email, Password);
        var key = await CreateApiKeyAsync(second.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsync($"/api/v1/admin/users/{first.UserId}/sessions/revoke", new { sessionId = first.SessionId }, Admin)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/v1/account/balances", first.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/account/balances", second.AccessToken)).Status);
        (await Client.PostAsync($"/api/v1/admin/users/{first.UserId}/sessions/revoke", new { sessionId = first.SessionId }, Admin)).AssertProblem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsync($"/api/v1/admin/users/{first.UserId}/sessions/revoke", null, Admin)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/v1/account/balances", second.AccessToken)).Status);

        var binance = new BinanceClient(demo.Server.Http, key.ApiKey, key.Secret);
        Assert.Equal(200, (await binance.SignedAsync(HttpMethod.Get, "/api/v3/account", "")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsync($"/api/v1/admin/users/{first.UserId}/api-keys/revoke", new { }, Admin)).Status);
        Assert.Equal(-2015, (await binance.SignedAsync(HttpMethod.Get, "/api/v3/account", "")).Body.GetProperty("code").GetInt32());

        var page = (await Client.GetAsync($"/api/v1/admin/users/{first.UserId}", Admin)).Json!.Value;
        Assert.Empty(page.GetProperty("sessions").EnumerateArray());
        Assert.All(page.GetProperty("apiKeys").EnumerateArray(), k => Assert.True(k.GetProperty("revoked").GetBoolean()));
        var log = page.GetProperty("securityLog").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("sessions_revoked_by_support", log);
        Assert.Contains("api_keys_revoked_by_support", log);
        var audited = (await OperatorAuditAsync(first.UserId)).Select(a => a.Action).ToList();
        Assert.Equal(2, audited.Count(a => a == "user.sessions.revoke"));
        Assert.Contains("user.api-keys.revoke", audited);
    }

    [Fact]
    public async Task A_forced_password_reset_ends_sessions_and_refuses_sign_in_until_the_emailed_link_is_used()
    {
        var (email, tokens) = await NewVerifiedUserAsync("reset");

        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsync($"/api/v1/admin/users/{tokens.UserId}/password-reset", null, Admin)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/v1/account/balances", tokens.AccessToken)).Status);
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password })).AssertProblem(HttpStatusCode.Forbidden, "password_reset_required");
        var token = await Eventually.UntilAsync(async () =>
        {
            var mail = await Client.GetAsync($"/api/v1/dev/mail?to={Uri.EscapeDataString(email)}", null);
            return mail.Json!.Value.EnumerateArray().Select(m => ResetTokenPattern().Match(m.GetProperty("body").GetString()!)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        }, () => $"a reset mail to {email}");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsync("/api/v1/auth/reset-password", new { token, password = "a brand new passphrase 42" })).Status);
        await Client.LoginAsync(email, "a brand new passphrase 42");
        var log = (await Client.GetAsync($"/api/v1/admin/users/{tokens.UserId}", Admin)).Json!.Value.GetProperty("securityLog").EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("password_reset_forced", log);
        Assert.Contains(await OperatorAuditAsync(tokens.UserId), a => a.Action == "user.password-reset");
    }

    [Fact]
    public async Task Bad_requests_get_a_problem_and_change_nothing_and_only_operators_get_in()
    {
        var (_, tokens) = await NewVerifiedUserAsync("bad");
        var restrictions = $"/api/v1/admin/users/{tokens.UserId}/restrictions";
        foreach (var query in new[] { "limit=0", "limit=101", "limit=x", "before=0", "before=abc", "q=" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync($"/api/v1/admin/users?{query}", Admin)).Status);
        }

        foreach (var body in new object[]
        {
            new { trading = true, withdrawals = true, login = true },
            new { trading = true, withdrawals = true, login = true, reason = "  " },
            new { trading = true, withdrawals = true, reason = "x" },
            new { trading = "yes", withdrawals = true, login = true, reason = "x" },
            new { trading = true, withdrawals = true, login = true, reason = "x", extra = 1 },
            new { trading = true, withdrawals = true, login = true, reason = new string('r', 501) },
        })
        {
            var response = await Client.SendAsync(HttpMethod.Put, restrictions, body, Admin);
            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)}: {(int)response.Status} {response.Text}");
            Assert.NotNull(response.Code);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsync($"/api/v1/admin/users/{tokens.UserId}/sessions/revoke", new { sessionId = 5 }, Admin)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsync($"/api/v1/admin/users/{tokens.UserId}/api-keys/revoke", new { key = "x" }, Admin)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/account/balances", tokens.AccessToken)).Status);
        var page = (await Client.GetAsync($"/api/v1/admin/users/{tokens.UserId}", Admin)).Json!.Value;
        Assert.False(page.GetProperty("restrictions").GetProperty("login").GetBoolean());
        Assert.Empty(await OperatorAuditAsync(tokens.UserId));

        (await Client.GetAsync("/api/v1/admin/users/999999", Admin)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await Client.SendAsync(HttpMethod.Put, "/api/v1/admin/users/999999/restrictions", new { trading = true, withdrawals = false, login = false, reason = "x" }, Admin))
            .AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await Client.PostAsync("/api/v1/admin/users/999999/password-reset", null, Admin)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.GetAsync("/api/v1/admin/users", tokens.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.SendAsync(HttpMethod.Put, restrictions, new { trading = true, withdrawals = true, login = true, reason = "self" },
            tokens.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/v1/admin/users", null)).Status);
    }

    private async Task<(string Email, Tokens Tokens)> NewVerifiedUserAsync(string name)
    {
        var email = PlatformServerFixture.NewEmail(name.ToLowerInvariant());
        var tokens = await Client.NewUserAsync(email, Password);
        await Client.VerifyEmailAsync(email);
        return (email, tokens);
    }

    private async Task<(string ApiKey, string Secret)> CreateApiKeyAsync(string accessToken)
    {
        var created = await Client.PostAsync("/api/v1/api-keys", new { label = "bot", permissions = new[] { "read", "trade" } }, accessToken);
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        return (created.Json!.Value.GetProperty("apiKey").GetString()!, created.Json!.Value.GetProperty("secretKey").GetString()!);
    }

    private async Task<List<long>> SearchIdsAsync(string query)
    {
        var response = await Client.GetAsync($"/api/v1/admin/users?{query}", Admin);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        return [.. response.Json!.Value.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userId").GetInt64())];
    }

    /// <summary>The operator audit entries about a user (GET /api/v1/admin/operator-audit), newest first.</summary>
    private async Task<List<(string Action, string? Before, string? After, string? Reason)>> OperatorAuditAsync(long userId)
    {
        var response = await Client.GetAsync($"/api/v1/admin/operator-audit?targetType=user&targetId={userId}", Admin);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        return [.. response.Json!.Value.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("action").GetString()!, Text(e, "before"),
            Text(e, "after"), Text(e, "reason")))];

        static string? Text(JsonElement entry, string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private Task<PlatformResponse> SetRestrictionsAsync(long userId, object body) =>
        Client.SendAsync(HttpMethod.Put, $"/api/v1/admin/users/{userId}/restrictions", body, Admin);

    private async Task<(int Status, JsonElement Body)> ListenKeyAsync(HttpMethod method, string apiKey)
    {
        using var request = new HttpRequestMessage(method, "/api/v3/userDataStream");
        request.Headers.Add("X-MBX-APIKEY", apiKey);
        using var response = await demo.Server.Http.SendAsync(request);
        return ((int)response.StatusCode, JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("reset-password\\?token=([A-Za-z0-9_-]{43})")]
    private static partial Regex ResetTokenPattern();
}
