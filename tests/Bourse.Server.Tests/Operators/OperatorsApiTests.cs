using System.Net;
using System.Text.Json;

namespace Bourse.Server.Tests.Operators;

/// <summary>
/// Operator accounts over the admin API: made with a one-time setup link, roles in tokens only with 2FA, role changes
/// and disabling end sessions, the last admin kept, every action in a verifiable audit log; the shorter admin idle
/// timeout and the admin IP allow-list.
/// </summary>
public sealed class OperatorsApiTests
{
    private const string Password = PlatformOperator.Password;

    private static Task<InProcessServer> StartAsync(TempDirectory directory, FakeTimeProvider? time = null, params string[] extra) =>
        InProcessServer.StartAsync(directory.Path, time, ["--Bourse:Limits:AuthPerMinutePerIp=100000", .. extra]);

    private static string TokenOf(string setupLink) => setupLink[(setupLink.IndexOf("token=", StringComparison.Ordinal) + 6)..];

    [Fact]
    public async Task An_admin_makes_an_operator_whose_setup_link_works_once_and_who_must_enroll_2fa()
    {
        using var directory = new TempDirectory();
        await using var server = await StartAsync(directory);
        var admin = await PlatformOperator.SignInAsync(server, "admin@example.com", "admin");
        var client = admin.Client;

        var me = await client.GetAsync("/api/v1/admin/me", admin.AccessToken);
        Assert.True(me.Status == HttpStatusCode.OK, me.Text);
        Assert.Equal(admin.UserId, me.Json!.Value.GetProperty("userId").GetInt64());
        Assert.Equal("admin@example.com", me.Json.Value.GetProperty("email").GetString());
        Assert.Equal(["admin"], me.Json.Value.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["usersRead", "auditRead", "reconciliationRead", "operatorsManage", "dashboardRead"],
            me.Json.Value.GetProperty("permissions").EnumerateArray().Select(r => r.GetString()));

        (await client.PostAsync("/api/v1/admin/operators", new { email = "s@example.com", roles = new[] { "wizard" } }, admin.AccessToken))
            .AssertProblem(HttpStatusCode.BadRequest, "invalid_roles");
        (await client.PostAsync("/api/v1/admin/operators", new { email = "s@example.com", roles = new[] { "support" }, password = "x" }, admin.AccessToken))
            .AssertProblem(HttpStatusCode.BadRequest, "invalid_json");
        (await client.PostAsync("/api/v1/admin/operators", new { email = "s@example.com" }, admin.AccessToken))
            .AssertProblem(HttpStatusCode.BadRequest, "missing_field");
        var created = await client.PostAsync("/api/v1/admin/operators", new { email = "S@Example.com", roles = new[] { "treasury", "support" } }, admin.AccessToken);
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        var supportId = created.Json!.Value.GetProperty("userId").GetInt64();
        Assert.Equal("s@example.com", created.Json.Value.GetProperty("email").GetString());
        Assert.Equal(["support", "treasury"], created.Json.Value.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var link = created.Json.Value.GetProperty("setupLink").GetString()!;
        Assert.StartsWith("http://127.0.0.1:8080/admin/setup?token=", link, StringComparison.Ordinal);

        // No password until the link sets one, under the password policy; the link works once.
        (await client.PostAsync("/api/v1/auth/login", new { email = "s@example.com", password = Password })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        (await client.PostAsync("/api/v1/auth/operator-setup", new { token = TokenOf(link), password = "password1" })).AssertProblem(HttpStatusCode.BadRequest, "weak_password");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/operator-setup", new { token = TokenOf(link), password = Password })).Status);
        (await client.PostAsync("/api/v1/auth/operator-setup", new { token = TokenOf(link), password = Password })).AssertProblem(HttpStatusCode.BadRequest, "invalid_token");
        var support = await client.LoginAsync("s@example.com", Password);
        Assert.True(support.TwoFactorSetupRequired);
        // Signed in without 2FA, its token carries no role.
        (await client.GetAsync("/api/v1/admin/me", support.AccessToken)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");

        var list = await client.GetAsync("/api/v1/admin/operators", admin.AccessToken);
        var rows = list.Json!.Value.EnumerateArray().ToDictionary(o => o.GetProperty("userId").GetInt64());
        Assert.Equal("s@example.com", rows[supportId].GetProperty("email").GetString());
        Assert.False(rows[supportId].GetProperty("disabled").GetBoolean());
        Assert.Equal(["admin"], rows[admin.UserId].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var changed = await client.SendAsync(HttpMethod.Put, $"/api/v1/admin/operators/{supportId}/roles", new { roles = new[] { "listing" } }, admin.AccessToken);
        Assert.True(changed.Status == HttpStatusCode.OK, changed.Text);
        Assert.Equal(["listing"], changed.Json!.Value.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        (await client.SendAsync(HttpMethod.Put, "/api/v1/admin/operators/987654/roles", new { roles = new[] { "listing" } }, admin.AccessToken))
            .AssertProblem(HttpStatusCode.NotFound, "not_found");

        // The last admin keeps the role and cannot be disabled; nothing changed, nothing audited.
        (await client.SendAsync(HttpMethod.Put, $"/api/v1/admin/operators/{admin.UserId}/roles", new { roles = new[] { "support" } }, admin.AccessToken))
            .AssertProblem(HttpStatusCode.Conflict, "last_admin");
        (await client.PostAsync($"/api/v1/admin/operators/{admin.UserId}/disable", null, admin.AccessToken)).AssertProblem(HttpStatusCode.Conflict, "last_admin");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/me", admin.AccessToken)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/admin/operators/{supportId}/disable", null, admin.AccessToken)).Status);
        (await client.PostAsync($"/api/v1/admin/operators/{supportId}/disable", null, admin.AccessToken)).AssertProblem(HttpStatusCode.NotFound, "not_found");

        var audit = await client.GetAsync("/api/v1/admin/operator-audit", admin.AccessToken);
        Assert.True(audit.Status == HttpStatusCode.OK, audit.Text);
        var entries = audit.Json!.Value.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["operator.disable", "operator.roles", "operator.create", "operator.create"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(0, entries[^1].GetProperty("operatorId").GetInt64()); // bourse admin create, on the server's machine
        var roles = entries[1];
        Assert.Equal((admin.UserId, "operator", supportId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (roles.GetProperty("operatorId").GetInt64(), roles.GetProperty("targetType").GetString(), roles.GetProperty("targetId").GetString()));
        Assert.Equal(["admin"], roles.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("""{"roles":["support","treasury"]}""", roles.GetProperty("before").GetString());
        Assert.Equal("""{"roles":["listing"]}""", roles.GetProperty("after").GetString());
        Assert.Equal(64, roles.GetProperty("hash").GetString()!.Length);
        Assert.Equal(JsonValueKind.Null, audit.Json.Value.GetProperty("next").ValueKind);

        var page = await client.GetAsync("/api/v1/admin/operator-audit?action=operator.create&limit=1", admin.AccessToken);
        Assert.Equal(["operator.create"], page.Json!.Value.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var next = page.Json.Value.GetProperty("next").GetInt64();
        var rest = await client.GetAsync($"/api/v1/admin/operator-audit?action=operator.create&before={next}", admin.AccessToken);
        Assert.Single(rest.Json!.Value.GetProperty("entries").EnumerateArray());
        (await client.GetAsync("/api/v1/admin/operator-audit?limit=0", admin.AccessToken)).AssertProblem(HttpStatusCode.BadRequest, "invalid_parameter");
        (await client.GetAsync("/api/v1/admin/operator-audit?operatorId=x", admin.AccessToken)).AssertProblem(HttpStatusCode.BadRequest, "invalid_parameter");

        var verify = await client.GetAsync("/api/v1/admin/operator-audit/verify", admin.AccessToken);
        Assert.True(verify.Json!.Value.GetProperty("intact").GetBoolean(), verify.Text);
        Assert.Equal(4, verify.Json.Value.GetProperty("entries").GetInt64());
        Assert.Equal(JsonValueKind.Null, verify.Json.Value.GetProperty("firstBrokenId").ValueKind);
    }

    [Fact]
    public async Task Changing_an_operators_roles_or_disabling_it_ends_its_sessions()
    {
        using var directory = new TempDirectory();
        await using var server = await StartAsync(directory);
        var admin = await PlatformOperator.SignInAsync(server, "admin@example.com", "admin");
        var support = await PlatformOperator.SignInAsync(server, "support@example.com", "support");
        var listing = await PlatformOperator.SignInAsync(server, "listing@example.com", "listing");
        Assert.Equal(HttpStatusCode.OK, (await support.Client.GetAsync("/api/v1/admin/me", support.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await listing.Client.GetAsync("/api/v1/admin/me", listing.AccessToken)).Status);

        Assert.Equal(HttpStatusCode.OK,
            (await admin.Client.SendAsync(HttpMethod.Put, $"/api/v1/admin/operators/{support.UserId}/roles", new { roles = new[] { "support", "compliance" } }, admin.AccessToken)).Status);
        (await support.Client.GetAsync("/api/v1/admin/me", support.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        (await support.Client.PostAsync("/api/v1/auth/refresh", new { refreshToken = support.Tokens.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.PostAsync($"/api/v1/admin/operators/{listing.UserId}/disable", null, admin.AccessToken)).Status);
        (await listing.Client.GetAsync("/api/v1/admin/me", listing.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        var profile = await admin.Client.GetAsync("/api/v1/account", admin.AccessToken);
        Assert.True(profile.Json!.Value.GetProperty("admin").GetBoolean());
    }

    [Fact]
    public async Task An_operator_session_ends_after_the_admin_idle_timeout_while_a_customer_session_lives_on()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(directory, time, "--Bourse:Admin:IdleTimeout=00:03:00");
        var admin = await PlatformOperator.SignInAsync(server, "admin@example.com", "admin");
        var client = admin.Client;
        var customer = await client.NewUserAsync("customer@example.com");

        // Used every two minutes, it lives on (within the access token's ten minutes).
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/me", admin.AccessToken)).Status);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/me", admin.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account", customer.AccessToken)).Status);

        // Three minutes unused end it, and a refresh does not revive it; the customer's session idles for two hours.
        time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        (await client.GetAsync("/api/v1/admin/me", admin.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        (await client.PostAsync("/api/v1/auth/refresh", new { refreshToken = admin.Tokens.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/auth/refresh", new { refreshToken = customer.RefreshToken })).Status);
    }

    [Fact]
    public async Task The_admin_api_answers_only_the_allowed_networks()
    {
        using var directory = new TempDirectory();
        await using (var closed = await StartAsync(directory, null, "--Bourse:Admin:AllowedNetworks=10.0.0.0/8,192.168.1.7"))
        {
            var client = new PlatformClient(closed.Http);
            (await client.GetAsync("/api/v1/admin/me", null)).AssertProblem(HttpStatusCode.Forbidden, "ip_not_allowed");
            (await client.GetAsync("/api/v1/admin/operators", null)).AssertProblem(HttpStatusCode.Forbidden, "ip_not_allowed");
            (await client.GetAsync("/api/v1/account", null)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var other = new TempDirectory();
        await using var open = await StartAsync(other, null, "--Bourse:Admin:AllowedNetworks:0=10.0.0.0/8", "--Bourse:Admin:AllowedNetworks:1=127.0.0.0/8");
        (await new PlatformClient(open.Http).GetAsync("/api/v1/admin/me", null)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
