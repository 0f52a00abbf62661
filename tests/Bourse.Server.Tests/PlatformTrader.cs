using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bourse.Server.Tests;

/// <summary>A demo user signed in to the platform API (/api/v1) with a bearer token, as the web UI would be.</summary>
public sealed class PlatformTrader(HttpClient http, string accessToken)
{
    /// <summary>Signs in a demo user (alice, bob) with the password the server wrote to demo-accounts.json.</summary>
    public static async Task<PlatformTrader> SignInAsync(IBourseServer server, string name) =>
        new(server.Http, (await LoginAsync(server, name)).GetProperty("accessToken").GetString()!);

    /// <summary>A demo user's sign-in answer (tokens, session id); fails the test unless it succeeds.</summary>
    public static async Task<JsonElement> LoginAsync(IBourseServer server, string name)
    {
        var accounts = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "demo-accounts.json")));
        var account = accounts.EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
        using var response = await server.Http.PostAsJsonAsync("/api/v1/auth/login",
            new { email = account.GetProperty("email").GetString(), password = account.GetProperty("password").GetString() });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, object body) =>
        SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body));

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
        return ((int)response.StatusCode, body, response);
    }

    /// <summary>Places an order; the test fails unless it is accepted.</summary>
    public async Task<JsonElement> PlaceAsync(object order)
    {
        var (status, body, _) = await PostAsync("/api/v1/orders", order);
        Assert.True(status == 201, $"{status} {body}");
        return body;
    }

    /// <summary>Free + locked per asset, in the asset's decimal units.</summary>
    public async Task<Dictionary<string, (decimal Free, decimal Locked)>> BalancesAsync()
    {
        var (status, body, _) = await GetAsync("/api/v1/account/balances");
        Assert.Equal(200, status);
        return body.EnumerateArray().ToDictionary(b => b.GetProperty("asset").GetString()!,
            b => (decimal.Parse(b.GetProperty("free").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                decimal.Parse(b.GetProperty("locked").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
