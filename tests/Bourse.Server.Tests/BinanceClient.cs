using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bourse.Server.ApiKeys;

namespace Bourse.Server.Tests;

/// <summary>
/// A minimal Binance client written from the public spec (not from the server's code): signs
/// query + body with HMAC-SHA256 and sends the key in X-MBX-APIKEY, as CCXT and python-binance do. Timestamps come
/// from <paramref name="clock"/>: the system clock, or a server's fake one, as a client synchronized with the
/// server's /time would stamp them.
/// </summary>
public sealed class BinanceClient(HttpClient http, string apiKey, string secret, TimeProvider? clock = null)
{
    public async Task<(int Status, JsonElement Body)> SignedAsync(HttpMethod method, string path, string parameters, bool inBody = false, string? signatureOverride = null)
    {
        using var response = await SendSignedAsync(method, path, parameters, inBody, signatureOverride);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonSerializer.Deserialize<JsonElement>(text));
    }

    /// <summary>The signed request's whole response, for tests that read headers.</summary>
    public async Task<HttpResponseMessage> SendSignedAsync(HttpMethod method, string path, string parameters, bool inBody = false, string? signatureOverride = null)
    {
        var payload = $"{parameters}&timestamp={(clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds()}".TrimStart('&');
        var signature = signatureOverride ?? Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));
        var signed = $"{payload}&signature={signature}";
        using var request = inBody
            ? new HttpRequestMessage(method, path) { Content = new StringContent(signed, Encoding.UTF8, "application/x-www-form-urlencoded") }
            : new HttpRequestMessage(method, $"{path}?{signed}");
        request.Headers.Add("X-MBX-APIKEY", apiKey);
        return await http.SendAsync(request);
    }

    public static async Task<List<(string User, string ApiKey, string Secret)>> DemoCredentials(string dataDirectory)
    {
        var json = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "demo-credentials.json")));
        return json.EnumerateArray()
            .Select(c => (c.GetProperty("user").GetString()!, c.GetProperty("apiKey").GetString()!, c.GetProperty("secretKey").GetString()!))
            .ToList();
    }

    public static async Task<JsonElement> PublicAsync(HttpClient http, string pathAndQuery) =>
        await http.GetFromJsonAsync<JsonElement>(pathAndQuery);
}
