using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Bourse.Testing;

/// <summary>
/// A client of the platform API written from its contract: JSON bodies, bearer tokens, problem-details errors.
/// Every call returns the status and the parsed body so tests assert on what went over the wire.
/// </summary>
public sealed partial class PlatformClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<PlatformResponse> SendAsync(HttpMethod method, string path, object? body = null, string? accessToken = null,
        string? rawBody = null, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } media && media.Contains("json", StringComparison.Ordinal))
        {
            json = JsonDocument.Parse(text).RootElement.Clone();
        }

        return new PlatformResponse(response.StatusCode, json, text,
            response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType);
    }

    public Task<PlatformResponse> PostAsync(string path, object? body, string? accessToken = null) => SendAsync(HttpMethod.Post, path, body, accessToken);

    public Task<PlatformResponse> GetAsync(string path, string? accessToken) => SendAsync(HttpMethod.Get, path, null, accessToken);

    public Task<PlatformResponse> SignUpAsync(string email, string password) =>
        PostAsync("/api/v1/auth/signup", new { email, password });

    /// <summary>Signs in and returns the token response; fails the test if sign-in is refused.</summary>
    public async Task<Tokens> LoginAsync(string email, string password, string? code = null, string? userAgent = null)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { email, password, code }, userAgent: userAgent);
        Assert.True(response.Status == HttpStatusCode.OK, $"login failed: {(int)response.Status} {response.Text}");
        return Tokens.From(response.Json!.Value);
    }

    /// <summary>Follows the verification link the server mailed (read from the demo-mode mail sink).</summary>
    public async Task VerifyEmailAsync(string email)
    {
        var token = await Eventually.UntilAsync(async () =>
        {
            var mail = await GetAsync($"/api/v1/dev/mail?to={Uri.EscapeDataString(email)}", null);
            return mail.Json!.Value.EnumerateArray().Select(m => TokenPattern().Match(m.GetProperty("body").GetString()!)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        }, () => $"a verification mail to {email}");

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync("/api/v1/auth/verify-email", new { token })).Status);
    }

    /// <summary>Signs up a new user and signs in.</summary>
    public async Task<Tokens> NewUserAsync(string email, string password = "correct horse battery staple")
    {
        var signUp = await SignUpAsync(email, password);
        Assert.Equal(HttpStatusCode.Accepted, signUp.Status);
        return await LoginAsync(email, password);
    }

    [GeneratedRegex("token=([A-Za-z0-9_-]{43})")]
    private static partial Regex TokenPattern();
}

public sealed record PlatformResponse(HttpStatusCode Status, JsonElement? Json, string Text, TimeSpan? RetryAfter, string? MediaType)
{
    /// <summary>The problem's stable code (RFC 7807 extension), or null if the body is not a problem.</summary>
    public string? Code => Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>Asserts an RFC 7807 problem with this status and code.</summary>
    public void AssertProblem(HttpStatusCode status, string code)
    {
        Assert.True(Status == status && Code == code, $"expected {(int)status} {code}, got {(int)Status} {Text}");
        Assert.Equal("application/problem+json", MediaType);
        Assert.Equal((int)status, Json!.Value.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(Json.Value.GetProperty("title").GetString()));
    }
}

public sealed record Tokens(string AccessToken, string RefreshToken, string SessionId, long UserId, bool TwoFactorSetupRequired)
{
    public static Tokens From(JsonElement json) => new(json.GetProperty("accessToken").GetString()!, json.GetProperty("refreshToken").GetString()!,
        json.GetProperty("sessionId").GetString()!, json.GetProperty("userId").GetInt64(), json.GetProperty("twoFactorSetupRequired").GetBoolean());
}
