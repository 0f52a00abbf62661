using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Bourse.Server.Cli;

/// <summary>An answer of the admin API: its status and JSON body (default when empty or not JSON).</summary>
public sealed record OperatorResponse(int Status, JsonElement Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>A problem's code and detail, or the status, for printing.</summary>
    public string Describe() =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code)
            ? $"{Status} {code.GetString()}: {(Body.TryGetProperty("detail", out var detail) ? detail.GetString() : "")}"
            : $"HTTP {Status}";
}

/// <summary>
/// The operator command-line verbs' way into a running server: signs in over the platform API as an operator
/// (password, then the authenticator code), sends admin requests with the access token, and signs out.
/// </summary>
public sealed class OperatorClient(HttpClient http) : IAsyncDisposable
{
    private string? _accessToken;

    /// <summary>The command-line verbs' password: <c>BOURSE_PASSWORD</c>, else the first line of standard input.</summary>
    public static string? ReadPassword() => Environment.GetEnvironmentVariable("BOURSE_PASSWORD") is { Length: > 0 } password ? password : Console.In.ReadLine();

    /// <summary>Signs in; null when it worked, else the refusal.</summary>
    public async Task<OperatorResponse?> SignInAsync(string email, string password, string? code)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/auth/login", JsonSerializer.Serialize(new { email, password, code })).ConfigureAwait(false);
        if (!response.IsSuccess || !response.Body.TryGetProperty("accessToken", out var token))
        {
            return response;
        }

        _accessToken = token.GetString();
        return null;
    }

    public Task<OperatorResponse> PostAsync(string path, string json, string mediaType = "application/json") =>
        SendAsync(HttpMethod.Post, path, json, mediaType);

    public Task<OperatorResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public async Task<OperatorResponse> SendAsync(HttpMethod method, string path, string? json, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (_accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, mediaType);
        }

        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        JsonElement body = default;
        try
        {
            body = text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): the status says enough.
        }

        return new OperatorResponse((int)response.StatusCode, body);
    }

    /// <summary>Ends the session the client signed in with, if any.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_accessToken is not null)
        {
            try
            {
                await SendAsync(HttpMethod.Post, "/api/v1/auth/logout", null).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // The session expires on its own.
            }

            _accessToken = null;
        }
    }
}
