using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bourse.Server.Tests.Identity;

/// <summary>
/// Every authenticated /api/v1 endpoint refuses a missing token, an expired one, one signed with another
/// deployment's key, a tampered one and an unsigned (<c>alg: none</c>) one — with a 401 problem, changing nothing.
/// </summary>
public sealed partial class AccessTokenAttackTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    /// <summary>Endpoints that must be in the list whatever else the document holds, so it can never be vacuously empty.</summary>
    private static readonly (string Method, string Path)[] KnownAuthenticated =
    [
        ("GET", "/api/v1/account"), ("POST", "/api/v1/account/2fa/enroll"), ("GET", "/api/v1/sessions"), ("POST", "/api/v1/auth/logout"),
        ("GET", "/api/v1/admin/audit"), ("POST", "/api/v1/api-keys"), ("DELETE", "/api/v1/api-keys/1"),
    ];

    /// <summary>
    /// Every /api/v1 operation the server's OpenAPI document marks as needing a bearer token, path parameters filled
    /// in — so an endpoint added later is covered without editing this test.
    /// </summary>
    private async Task<List<(string Method, string Path)>> AuthenticatedEndpoints(IBourseServer? server = null)
    {
        using var document = JsonDocument.Parse(await (server ?? fixture.Server).Http.GetStringAsync("/openapi/bourse.json"));
        var endpoints = new List<(string, string)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.TryGetProperty("security", out var security) &&
                    security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _)))
                {
                    endpoints.Add((operation.Name.ToUpperInvariant(), PathParameter().Replace(path.Name, _ => "1")));
                }
            }
        }

        Assert.All(KnownAuthenticated, known => Assert.Contains(known, endpoints));
        return endpoints;
    }

    [Fact]
    public async Task No_token_is_refused_everywhere()
    {
        foreach (var (method, path) in await AuthenticatedEndpoints())
        {
            var response = await fixture.Client.SendAsync(new HttpMethod(method), path, new { code = "123456" });
            response.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task Tampered_and_unsigned_tokens_are_refused_everywhere()
    {
        var victim = await fixture.Client.NewUserAsync(PlatformServerFixture.NewEmail("victim"));
        var attacker = await fixture.Client.NewUserAsync(PlatformServerFixture.NewEmail("attacker"));
        var parts = attacker.AccessToken.Split('.');
        var payload = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
        payload["sub"] = victim.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        payload["sid"] = victim.SessionId;
        payload["role"] = "admin";
        var forgedPayload = Base64UrlEncode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var tampered = $"{parts[0]}.{forgedPayload}.{parts[2]}";
        var unsigned = $"{Base64UrlEncode("""{"alg":"none","typ":"JWT"}"""u8.ToArray())}.{forgedPayload}.";
        var garbage = "not.a.jwt";
        foreach (var token in new[] { tampered, unsigned, garbage, attacker.AccessToken + "x" })
        {
            foreach (var (method, path) in await AuthenticatedEndpoints())
            {
                var response = await fixture.Client.SendAsync(new HttpMethod(method), path, new { code = "123456" }, token);
                response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
            }
        }

        // The victim's account and session are untouched, and the attacker's own token still works.
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/api/v1/account", victim.AccessToken)).Status);
        var sessions = await fixture.Client.GetAsync("/api/v1/sessions", victim.AccessToken);
        Assert.Single(sessions.Json!.Value.EnumerateArray(), s => s.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/api/v1/account", attacker.AccessToken)).Status);
    }

    [Fact]
    public async Task A_token_from_another_deployment_is_refused()
    {
        using var otherDirectory = new TempDirectory();
        await using var other = await InProcessServer.StartAsync(otherDirectory.Path);
        var otherClient = new PlatformClient(other.Http);
        var email = PlatformServerFixture.NewEmail("twin");

        // The same email and password exist on both, so only the signing key differs.
        await fixture.Client.NewUserAsync(email);
        var foreign = await otherClient.NewUserAsync(email);
        foreach (var (method, path) in await AuthenticatedEndpoints())
        {
            var response = await fixture.Client.SendAsync(new HttpMethod(method), path, new { code = "123456" }, foreign.AccessToken);
            response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        }
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_a_refresh_gives_a_working_one()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await InProcessServer.StartAsync(directory.Path, time, "--Bourse:Identity:AccessTokenLifetime=00:00:01");
        var client = new PlatformClient(server.Http);
        var tokens = await client.NewUserAsync(PlatformServerFixture.NewEmail("expiring"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account", tokens.AccessToken)).Status);

        // One second of lifetime plus the validator's five seconds of clock skew.
        time.Advance(TimeSpan.FromSeconds(7));
        foreach (var (method, path) in await AuthenticatedEndpoints(server))
        {
            var response = await client.SendAsync(new HttpMethod(method), path, new { code = "123456" }, tokens.AccessToken);
            response.AssertProblem(HttpStatusCode.Unauthorized, "token_expired");
        }

        var refreshed = await client.PostAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account", Tokens.From(refreshed.Json!.Value).AccessToken)).Status);
    }

    internal static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    internal static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
