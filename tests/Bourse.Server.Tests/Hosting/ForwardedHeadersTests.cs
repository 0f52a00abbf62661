using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Server.Tests.Hosting;

/// <summary>X-Forwarded-For is believed only from configured proxies; otherwise the TCP peer is the client.</summary>
public sealed class ForwardedHeadersTests
{
    [Theory]
    [InlineData(true, "203.0.113.7")]
    [InlineData(false, "127.0.0.1")]
    public async Task The_client_ip_comes_from_a_trusted_proxy_only(bool trustLoopback, string expectedIp)
    {
        using var directory = new TempDirectory();
        await using var server = trustLoopback
            ? await InProcessServer.StartAsync(directory.Path, "--Bourse:ForwardedHeaders:KnownProxies:0=127.0.0.1")
            : await InProcessServer.StartAsync(directory.Path);
        var client = new PlatformClient(server.Http);
        var email = PlatformServerFixture.NewEmail("proxied");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.SignUpAsync(email, "correct horse battery staple")).Status);

        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email, password = "correct horse battery staple" }),
        };
        login.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await server.Http.SendAsync(login);
        var tokens = Tokens.From(await response.Content.ReadFromJsonAsync<JsonElement>());

        var sessions = await client.GetAsync("/api/v1/sessions", tokens.AccessToken);
        Assert.Equal(expectedIp, Assert.Single(sessions.Json!.Value.EnumerateArray()).GetProperty("ip").GetString());
        var log = await client.GetAsync("/api/v1/account/security-log", tokens.AccessToken);
        Assert.Equal(expectedIp, log.Json!.Value.GetProperty("events").EnumerateArray().First(e => e.GetProperty("type").GetString() == "login").GetProperty("ip").GetString());
    }
}
