using System.Net;
using System.Text.Json;

namespace Bourse.Server.Tests.Identity;

/// <summary>
/// Malformed, huge, unicode and missing input on every auth and account endpoint: a clear 4xx problem with a code,
/// never a 500, and the account is as it was.
/// </summary>
public sealed class AuthBadInputTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private const string Password = "correct horse battery staple";

    private static readonly string[] Paths =
    [
        "/api/v1/auth/signup", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/verify-email",
        "/api/v1/auth/forgot-password", "/api/v1/auth/reset-password", "/api/v1/account/2fa/confirm",
        "/api/v1/account/2fa/disable", "/api/v1/account/2fa/recovery-codes", "/api/v1/account/password",
    ];

    public static IEnumerable<string> Bodies()
    {
        var huge = new string('a', 100_000);
        yield return "";
        yield return "not json";
        yield return "{";
        yield return "[]";
        yield return "null";
        yield return "42";
        yield return "{}";
        yield return """{"email":123,"password":true,"token":[],"refreshToken":{},"code":1.5,"currentPassword":null,"newPassword":7}""";
        yield return """{"email":"","password":"","token":"","refreshToken":"","code":"","currentPassword":"","newPassword":""}""";
        yield return """{"email":"a@b","password":"x"}""";
        yield return """{"email":"\u0000@example.com","password":"correct horse\u0000 battery","code":"\u0000\u0000\u0000\u0000\u0000\u0000"}""";
        yield return """{"email":"ünïcødé@例え.jp","password":"🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐","token":"🔐","refreshToken":"é","code":"١٢٣٤٥٦","currentPassword":"🔐","newPassword":"пароль пароль пароль"}""";
        yield return """{"email":"Robert'); DROP TABLE users;--@example.com","password":"' OR '1'='1' -- long enough","token":"' OR 1=1 --","code":"' OR 1=1"}""";
        yield return $$"""{"email":"{{huge}}@example.com","password":"{{huge}}","token":"{{huge}}","refreshToken":"{{huge}}","code":"{{huge}}","newPassword":"{{huge}}"}""";
        yield return $$"""{"email":"x@example.com","password":"{{new string('p', 5000)}}","newPassword":"{{new string('q', 5000)}}","currentPassword":"{{new string('r', 5000)}}"}""";
        yield return new string('[', 10_000);
        yield return """{"email":"a@example.com","email":"b@example.com","password":"correct horse battery staple"}""";
    }

    [Fact]
    public async Task Every_auth_endpoint_answers_bad_input_with_a_problem_and_changes_nothing()
    {
        var email = PlatformServerFixture.NewEmail("fuzz");
        var tokens = await fixture.Client.NewUserAsync(email);
        var before = await Snapshot(tokens);
        foreach (var path in Paths)
        {
            foreach (var body in Bodies())
            {
                var response = await fixture.Client.SendAsync(HttpMethod.Post, path, rawBody: body, accessToken: tokens.AccessToken);
                var status = (int)response.Status;
                Assert.True(status < 500, $"{path} <- {Shorten(body)}: {status} {Shorten(response.Text)}");

                // Forgot-password needs only a well-formed email, which two of the bodies carry; it then answers 202 for any address.
                if (status >= 300)
                {
                    Assert.True(status >= 400, $"{path}: {status}");
                    Assert.Equal("application/problem+json", response.MediaType);
                    Assert.False(string.IsNullOrEmpty(response.Code), $"{path}: problem without a code: {Shorten(response.Text)}");
                }
                else
                {
                    Assert.True(path == "/api/v1/auth/forgot-password" && (body.Contains("ünïcødé", StringComparison.Ordinal) || body.Contains("x@example.com", StringComparison.Ordinal)),
                        $"{path} <- {Shorten(body)} accepted");
                }
            }
        }

        // The account is unchanged: same password, 2FA still off, still verified the same, session still live.
        Assert.Equal(before, await Snapshot(tokens));
        await fixture.Client.LoginAsync(email, Password);
    }

    [Fact]
    public async Task Wrong_content_and_methods_get_clear_errors()
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/auth/login");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        var big = await fixture.Client.SendAsync(HttpMethod.Post, "/api/v1/auth/login", rawBody: "{\"email\":\"" + new string('a', 1_000_000) + "\"}");
        big.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        var missing = await fixture.Client.PostAsync("/api/v1/auth/login", new { email = "someone@example.com" });
        missing.AssertProblem(HttpStatusCode.BadRequest, "missing_field");
        Assert.Equal("password", missing.Json!.Value.GetProperty("field").GetString());
        var invalidEmail = await fixture.Client.SignUpAsync("not-an-email", Password);
        invalidEmail.AssertProblem(HttpStatusCode.BadRequest, "invalid_email");
        foreach (var weak in new[] { "short", "Password123!", "qwertyuiop", "1234567890", "aaaaaaaaaaaaaaa", "P@ssw0rd2024" })
        {
            (await fixture.Client.SignUpAsync(PlatformServerFixture.NewEmail("weak"), weak)).AssertProblem(HttpStatusCode.BadRequest, "weak_password");
        }

        var withEmail = PlatformServerFixture.NewEmail("mirror");
        (await fixture.Client.SignUpAsync(withEmail, withEmail.Split('@')[0] + "-pass")).AssertProblem(HttpStatusCode.BadRequest, "weak_password");
    }

    private async Task<string> Snapshot(Tokens tokens)
    {
        var profile = await fixture.Client.GetAsync("/api/v1/account", tokens.AccessToken);
        var twoFactor = await fixture.Client.GetAsync("/api/v1/account/2fa", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, profile.Status);
        return JsonSerializer.Serialize(profile.Json) + JsonSerializer.Serialize(twoFactor.Json);
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
