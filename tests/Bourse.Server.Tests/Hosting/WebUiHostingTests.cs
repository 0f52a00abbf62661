using System.Net;

namespace Bourse.Server.Tests.Hosting;

/// <summary>
/// How the server hosts the web UI (Hosting/WebUi.cs): the page for every browser route, hashed assets cached for a
/// year, a strict content security policy, and API paths that never fall back to the page. The bundle here is a
/// stand-in written by the test (the real one is built by npm and driven by the Playwright tests in web/e2e).
/// </summary>
public class WebUiHostingTests
{
    private static TempDirectory WebRoot()
    {
        var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "assets"));
        File.WriteAllText(Path.Combine(root.Path, "index.html"), "<!doctype html><title>Bourse</title><div id=\"root\"></div>");
        File.WriteAllText(Path.Combine(root.Path, "assets", "index-abc123.js"), "console.log('bourse');");
        return root;
    }

    [Fact]
    public async Task Browser_routes_get_the_page_assets_are_immutable_and_api_paths_stay_404()
    {
        using var data = new TempDirectory();
        using var web = WebRoot();
        await using var server = await InProcessServer.StartAsync(data.Path, "--demo", "--Bourse:DemoMarketMaker=false", $"--Bourse:WebRoot={web.Path}");

        foreach (var route in new[] { "/", "/trade/BTCUSDT", "/reset-password?token=abc", "/verify-email?token=abc", "/security", "/index.html" })
        {
            using var page = await server.Http.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<div id=\"root\">", await page.Content.ReadAsStringAsync());
            var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Contains($"connect-src 'self' ws://{server.BaseAddress.Authority} wss://{server.BaseAddress.Authority};", policy);
            Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        }

        using var asset = await server.Http.GetAsync("/assets/index-abc123.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/assets/missing.js")).StatusCode);

        // Assets are compressed for clients that ask; API answers never are (they carry tokens: BREACH).
        using var raw = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server.BaseAddress };
        using var compressedRequest = new HttpRequestMessage(HttpMethod.Get, "/assets/index-abc123.js") { Headers = { { "Accept-Encoding", "br, gzip" } } };
        using var compressed = await raw.SendAsync(compressedRequest);
        Assert.Equal("br", Assert.Single(compressed.Content.Headers.ContentEncoding));
        using var apiRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v3/exchangeInfo") { Headers = { { "Accept-Encoding", "br, gzip" } } };
        using var api = await raw.SendAsync(apiRequest);
        Assert.Empty(api.Content.Headers.ContentEncoding);

        foreach (var path in new[] { "/api/v1/no-such-endpoint", "/api/v3/noSuchEndpoint", "/health/nothing", "/openapi/other.json" })
        {
            using var response = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var post = await server.Http.PostAsync("/trade/BTCUSDT", new StringContent("x"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Http.GetAsync("/api/v1/auth/login")).StatusCode);

        // The APIs and the docs are untouched by the fallback.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/v3/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/docs/")).StatusCode);
    }

    [Fact]
    public async Task Without_a_built_bundle_pages_say_so_and_the_apis_still_work()
    {
        using var data = new TempDirectory();
        using var empty = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(data.Path, "--demo", "--Bourse:DemoMarketMaker=false", $"--Bourse:WebRoot={empty.Path}");

        using var page = await server.Http.GetAsync("/trade/BTCUSDT");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("web UI was not built", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/api/v1/no-such-endpoint")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Http.GetAsync("/api/v1/auth/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/v3/ping")).StatusCode);
    }
}
