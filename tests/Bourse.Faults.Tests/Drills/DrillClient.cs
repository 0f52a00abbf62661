using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bourse.Faults.Tests.Drills;

/// <summary>
/// One user's connection to whichever server process currently runs the drill: a restart brings a new port, and
/// every request goes to <see cref="DrillServer.Address"/> as it is when sent. Signs /api/v3 requests with the user's
/// API key (HMAC-SHA256, re-stamped on every attempt) and sends the bearer token on /api/v1. A request that gets no
/// answer (refused connection, reset, timeout) is <see cref="Answer.Lost"/>, never an exception: the caller decides
/// how to find out what happened.
/// </summary>
public sealed class DrillClient(DrillServer server, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = timeout };

    public string Name { get; init; } = "";

    public string Email { get; init; } = "";

    public string Password { get; init; } = "";

    public string ApiKey { get; init; } = "";

    public string Secret { get; init; } = "";

    public string AccessToken { get; set; } = "";

    public Task<Answer> SignedAsync(HttpMethod method, string path, string parameters)
    {
        var payload = $"{parameters}&recvWindow=60000&timestamp={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"
            .TrimStart('&');
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(payload)));
        var signed = $"{payload}&signature={signature}";
        return SendAsync(() =>
        {
            var request = method == HttpMethod.Post
                ? new HttpRequestMessage(method, new Uri(server.Address, path))
                {
                    Content = new StringContent(signed, Encoding.UTF8, "application/x-www-form-urlencoded"),
                }
                : new HttpRequestMessage(method, new Uri(server.Address, $"{path}?{signed}"));
            request.Headers.Add("X-MBX-APIKEY", ApiKey);
            return request;
        });
    }

    public Task<Answer> BearerAsync(HttpMethod method, string pathAndQuery, object? body = null) =>
        SendAsync(() =>
        {
            var request = new HttpRequestMessage(method, new Uri(server.Address, pathAndQuery));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
            if (body is not null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }

            return request;
        });

    /// <summary>Signs in with the user's password (an identity-store read): 200, or 503 while the store is down.</summary>
    public Task<Answer> LoginAsync() => PublicAsync(HttpMethod.Post, "/api/v1/auth/login", new { email = Email, password = Password });

    public Task<Answer> PublicAsync(HttpMethod method, string pathAndQuery, object? body = null) =>
        SendAsync(() => new HttpRequestMessage(method, new Uri(server.Address, pathAndQuery))
        {
            Content = body is null ? null : new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        });

    /// <summary>The same user, credentials and token on a client with another timeout.</summary>
    public DrillClient WithTimeout(TimeSpan other) => new(server, other)
    {
        Name = Name,
        Email = Email,
        Password = Password,
        ApiKey = ApiKey,
        Secret = Secret,
        AccessToken = AccessToken,
    };

    public void Dispose() => _http.Dispose();

    private async Task<Answer> SendAsync(Func<HttpRequestMessage> build)
    {
        using var request = build();
        try
        {
            using var response = await _http.SendAsync(request).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var body = default(JsonElement);
            if (text.Length > 0 && (text[0] is '{' or '['))
            {
                body = JsonSerializer.Deserialize<JsonElement>(text);
            }

            var answer = new Answer((int)response.StatusCode, body, text);
            server.Record(answer, request);
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            server.RecordLost();
            return Answer.Lost;
        }
    }
}

/// <summary>What came back: a status and its JSON body, or <see cref="Lost"/> (status 0) when nothing did.</summary>
public readonly record struct Answer(int Status, JsonElement Body, string Text)
{
    public static Answer Lost { get; } = new(0, default, "");

    public bool IsLost => Status == 0;

    /// <summary>No answer, or the server said "not now" (busy, stopping): the outcome is unknown, ask again.</summary>
    public bool IsUnknown => Status is 0 or >= 500;

    /// <summary>A Binance error code, or 0.</summary>
    public int Code => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
        ? code.GetInt32()
        : 0;

    /// <summary>A problem-details code of /api/v1, or null.</summary>
    public string? Problem => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
        ? code.GetString()
        : null;

    public string Field(string name) => Body.GetProperty(name).GetString()!;

    public override string ToString() => IsLost ? "no answer" : $"{Status} {Text}";
}
