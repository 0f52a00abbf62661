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
            // No public URL configured: 'self' alone, never an address taken from the request.
            Assert.Contains("connect-src 'self';", policy);
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

        foreach (var path in new[] { "/api/v1/no-such-endpoint", "/api/v3/noSuchEndpoint", "/health/nothing", "/openapi/other.json", "/assets/page" })
        {
            using var response = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        // A path the browser router does not know: the app's own not-found page, but with a 404.
        using var unknownPage = await server.Http.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, unknownPage.StatusCode);
        Assert.Contains("<div id=\"root\">", await unknownPage.Content.ReadAsStringAsync());

        using var post = await server.Http.PostAsync("/trade/BTCUSDT", new StringContent("x"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Http.GetAsync("/api/v1/auth/login")).StatusCode);

        // The APIs and the docs are untouched by the fallback.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/v3/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/docs/")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_path_under_a_binance_api_prefix_is_a_json_404_in_binance_form_never_the_page()
    {
        using var data = new TempDirectory();
        using var web = WebRoot();
        await using var server = await InProcessServer.StartAsync(data.Path, $"--Bourse:WebRoot={web.Path}");

        // Every first segment Binance's APIs use, with a path under it that no endpoint serves.
        foreach (var path in new[]
                 {
                     "/api/v3/noSuchEndpoint", "/api/v2/anything", "/api", "/sapi/v1/asset/assetDetail", "/sapi/v1/capital/config/getall",
                     "/wapi/v3/accountStatus.html", "/fapi/v1/ticker/price", "/dapi/v1/exchangeInfo", "/eapi/v1/mark", "/papi/v1/um/commissionRate",
                     "/ws-api/v1",
                 })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete })
            {
                using var response = await server.Http.SendAsync(new HttpRequestMessage(method, path));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(-1020, body.GetProperty("code").GetInt32());
                Assert.False(string.IsNullOrEmpty(body.GetProperty("msg").GetString()));
            }
        }
    }

    [Fact]
    public async Task An_unknown_platform_api_path_is_an_rfc_7807_404_and_a_known_one_keeps_its_405()
    {
        using var data = new TempDirectory();
        using var web = WebRoot();
        await using var server = await InProcessServer.StartAsync(data.Path, $"--Bourse:WebRoot={web.Path}");

        using var response = await server.Http.GetAsync("/api/v1/no-such-endpoint");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("not_found", 404), (problem.GetProperty("code").GetString(), problem.GetProperty("status").GetInt32()));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Http.GetAsync("/api/v1/auth/login")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Http.GetAsync("/api/v3/order/cancelReplace")).StatusCode);
    }

    [Fact]
    public async Task The_page_policy_names_the_configured_public_url_and_never_the_requests_host_header()
    {
        using var data = new TempDirectory();
        using var web = WebRoot();
        await using var unset = await InProcessServer.StartAsync(data.Path, $"--Bourse:WebRoot={web.Path}");
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/trade/BTCUSDT") { Headers = { Host = "evil.example" } };
        using var page = await unset.Http.SendAsync(forged);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("evil.example", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy);
        await unset.StopAsync();

        using var other = new TempDirectory();
        await using var configured = await InProcessServer.StartAsync(other.Path, $"--Bourse:WebRoot={web.Path}", "--Bourse:PublicUrl=https://exchange.example.com");
        using var forgedAgain = new HttpRequestMessage(HttpMethod.Get, "/wallet") { Headers = { Host = "evil.example" } };
        using var configuredPage = await configured.Http.SendAsync(forgedAgain);
        var configuredPolicy = Assert.Single(configuredPage.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("connect-src 'self' wss://exchange.example.com;", configuredPolicy);
        Assert.DoesNotContain("evil.example", configuredPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_url_that_is_not_an_absolute_http_url_stops_the_server_with_a_clear_message()
    {
        using var data = new TempDirectory();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessServer.StartAsync(data.Path, "--Bourse:PublicUrl=exchange.example.com"));
        Assert.Contains("Bourse:PublicUrl must be the absolute http(s) URL", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_route_of_the_web_app_is_a_route_the_server_serves_the_page_for()
    {
        var app = File.ReadAllText(Path.Combine(RepositoryRoot(), "web", "src", "App.tsx"));
        var routes = System.Text.RegularExpressions.Regex.Matches(app, "<Route (index|path=\"([^\"]*)\")")
            .Select(m => m.Groups[1].Value == "index" ? "" : m.Groups[2].Value.Split('/')[0])
            .Where(first => first != "*")
            .ToList();

        Assert.NotEmpty(routes);
        Assert.Equal(routes.Order(StringComparer.Ordinal), Bourse.Server.Hosting.WebUi.UiRoutes.Order(StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bourse.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Bourse.slnx above {AppContext.BaseDirectory}");
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
