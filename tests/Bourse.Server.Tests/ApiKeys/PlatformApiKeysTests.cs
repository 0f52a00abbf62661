using System.Net;
using System.Text.Json;

namespace Bourse.Server.Tests.ApiKeys;

/// <summary>
/// API keys managed through /api/v1 are the keys /api/v3 accepts: created once with a verified email (and 2FA when
/// on), listed without secrets, revoked with immediate effect, and never reachable by another user.
/// </summary>
public sealed class PlatformApiKeysTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly TempDirectory _directory = new();
    private InProcessServer _server = null!;
    private PlatformClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_directory.Path, "--demo", "--Bourse:DemoMarketMaker=false", "--Bourse:Limits:AuthPerMinutePerIp=100000");
        _client = new PlatformClient(_server.Http);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_created_key_works_on_the_binance_api_until_revoked()
    {
        var tokens = await VerifiedUserAsync("keys");
        var created = await _client.PostAsync("/api/v1/api-keys", new { label = "my bot", permissions = new[] { "read", "trade" } }, tokens.AccessToken);
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        var apiKey = created.Json!.Value.GetProperty("apiKey").GetString()!;
        var secret = created.Json!.Value.GetProperty("secretKey").GetString()!;

        var listed = await _client.GetAsync("/api/v1/api-keys", tokens.AccessToken);
        var key = Assert.Single(listed.Json!.Value.EnumerateArray());
        Assert.Equal(apiKey, key.GetProperty("apiKey").GetString());
        Assert.Equal(["read", "trade"], key.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.DoesNotContain(secret, listed.Text, StringComparison.Ordinal);

        var binance = new BinanceClient(_server.Http, apiKey, secret);
        var (status, account) = await binance.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        Assert.Equal(200, status);
        Assert.True(account.GetProperty("canTrade").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/api-keys/{apiKey}", accessToken: tokens.AccessToken)).Status);
        var (revokedStatus, revoked) = await binance.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        Assert.Equal(401, revokedStatus);
        Assert.Equal(-2015, revoked.GetProperty("code").GetInt32());
        Assert.Empty((await _client.GetAsync("/api/v1/api-keys", tokens.AccessToken)).Json!.Value.EnumerateArray());

        var log = await _client.GetAsync("/api/v1/account/security-log", tokens.AccessToken);
        var types = log.Json!.Value.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("api_key_created", types);
        Assert.Contains("api_key_revoked", types);
        Assert.DoesNotContain(secret, log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_key_needs_a_verified_email_and_the_second_factor()
    {
        var unverified = await _client.NewUserAsync(PlatformServerFixture.NewEmail("unverified"));
        (await _client.PostAsync("/api/v1/api-keys", new { label = "bot", permissions = new[] { "read" } }, unverified.AccessToken))
            .AssertProblem(HttpStatusCode.Forbidden, "email_not_verified");

        var tokens = await VerifiedUserAsync("twofactor");
        var enrollment = await _client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken);
        var authenticator = new Authenticator(enrollment.Json!.Value.GetProperty("secret").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/api/v1/account/2fa/confirm", new { code = authenticator.Now(), password = Password }, tokens.AccessToken)).Status);

        (await _client.PostAsync("/api/v1/api-keys", new { label = "bot", permissions = new[] { "read" } }, tokens.AccessToken))
            .AssertProblem(HttpStatusCode.Unauthorized, "two_factor_required");
        (await _client.PostAsync("/api/v1/api-keys", new { label = "bot", permissions = new[] { "read" }, code = "000000" }, tokens.AccessToken))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        Assert.Empty((await _client.GetAsync("/api/v1/api-keys", tokens.AccessToken)).Json!.Value.EnumerateArray());
        var created = await _client.PostAsync("/api/v1/api-keys", new { label = "bot", permissions = new[] { "read" }, code = authenticator.Next() }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    [Fact]
    public async Task Ip_allow_lists_and_permissions_set_here_are_enforced_on_the_binance_api()
    {
        var tokens = await VerifiedUserAsync("allowlist");
        var elsewhere = await CreateAsync(tokens, new { label = "office only", permissions = new[] { "read", "trade" }, ipAllowList = new[] { "10.9.8.7", "192.168.0.0/16" } });
        var (status, body) = await new BinanceClient(_server.Http, elsewhere.Key, elsewhere.Secret).SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        Assert.Equal((401, -2015), (status, body.GetProperty("code").GetInt32()));

        var here = await CreateAsync(tokens, new { label = "loopback", permissions = new[] { "read" }, ipAllowList = new[] { "127.0.0.1" } });
        var readOnly = new BinanceClient(_server.Http, here.Key, here.Secret);
        Assert.Equal(200, (await readOnly.SignedAsync(HttpMethod.Get, "/api/v3/account", "")).Status);
        var (orderStatus, order) = await readOnly.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=100");
        Assert.Equal((401, -2015), (orderStatus, order.GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task Bad_key_settings_are_refused_and_create_nothing()
    {
        var tokens = await VerifiedUserAsync("badkeys");
        var cases = new (object Body, string Code)[]
        {
            (new { permissions = new[] { "read" } }, "missing_field"),
            (new { label = "bot" }, "missing_field"),
            (new { label = "bot", permissions = Array.Empty<string>() }, "missing_field"),
            (new { label = "bot", permissions = new[] { "admin" } }, "invalid_permissions"),
            (new { label = new string('x', 65), permissions = new[] { "read" } }, "invalid_label"),
            (new { label = "bad\u0001label", permissions = new[] { "read" } }, "invalid_label"),
            (new { label = "   ", permissions = new[] { "read" } }, "invalid_label"),
            (new { label = "bot", permissions = new[] { "read" }, ipAllowList = new[] { "10.0.0.1/8" } }, "invalid_ip_allow_list"),
            (new { label = "bot", permissions = new[] { "read" }, ipAllowList = new[] { "not an ip" } }, "invalid_ip_allow_list"),
            (new { label = "bot", permissions = new[] { "read" }, ipAllowList = Enumerable.Range(1, 31).Select(i => $"10.0.0.{i}").ToArray() }, "too_many_ips"),

            // An unknown field, such as a misnamed allow-list that would otherwise leave the key open to every address.
            (new { label = "bot", permissions = new[] { "read" }, allowedIps = new[] { "10.0.0.1" } }, "invalid_json"),
            (new { label = "bot", permissions = new[] { "read" }, admin = true }, "invalid_json"),
        };
        foreach (var (body, code) in cases)
        {
            (await _client.PostAsync("/api/v1/api-keys", body, tokens.AccessToken)).AssertProblem(HttpStatusCode.BadRequest, code);
        }

        var wrongTypes = await _client.SendAsync(HttpMethod.Post, "/api/v1/api-keys", rawBody: """{"label":"bot","permissions":"read"}""", accessToken: tokens.AccessToken);
        wrongTypes.AssertProblem(HttpStatusCode.BadRequest, "invalid_json");
        Assert.Empty((await _client.GetAsync("/api/v1/api-keys", tokens.AccessToken)).Json!.Value.EnumerateArray());
    }

    [Fact]
    public async Task Another_users_keys_cannot_be_seen_or_revoked()
    {
        var alice = await VerifiedUserAsync("alice");
        var mallory = await VerifiedUserAsync("mallory");
        var key = await CreateAsync(alice, new { label = "alice's bot", permissions = new[] { "read" } });

        (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/api-keys/{key.Key}", accessToken: mallory.AccessToken)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await _client.SendAsync(HttpMethod.Delete, "/api/v1/api-keys/no-such-key", accessToken: mallory.AccessToken)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(key.Key, (await _client.GetAsync("/api/v1/api-keys", mallory.AccessToken)).Text, StringComparison.Ordinal);
        Assert.Equal(200, (await new BinanceClient(_server.Http, key.Key, key.Secret).SignedAsync(HttpMethod.Get, "/api/v3/account", "")).Status);
    }

    private async Task<(string Key, string Secret)> CreateAsync(Tokens tokens, object body)
    {
        var created = await _client.PostAsync("/api/v1/api-keys", body, tokens.AccessToken);
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        return (created.Json!.Value.GetProperty("apiKey").GetString()!, created.Json!.Value.GetProperty("secretKey").GetString()!);
    }

    /// <summary>Signs up, follows the emailed verification link, signs in.</summary>
    private async Task<Tokens> VerifiedUserAsync(string name)
    {
        var email = PlatformServerFixture.NewEmail(name);
        var tokens = await _client.NewUserAsync(email, Password);
        await _client.VerifyEmailAsync(email);
        return tokens;
    }
}
