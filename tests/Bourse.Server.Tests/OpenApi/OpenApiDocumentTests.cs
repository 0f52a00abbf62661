using System.Net;
using System.Text.Json;

namespace Bourse.Server.Tests.OpenApi;

/// <summary>
/// The OpenAPI document and the interactive docs, read from the real server: every /api/v3 endpoint of the
/// Binance-compat spec (section 2 and the listenKey flow of section 3) is there with the parameters the spec lists.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.Server fixture) : IClassFixture<OpenApiDocumentTests.Server>
{
    private const string Signing = "timestamp* recvWindow signature*";
    private const string NewOrder = "symbol* side* type* timeInForce quantity quoteOrderQty price newClientOrderId stopPrice icebergQty "
        + "newOrderRespType selfTradePreventionMode";

    private readonly InProcessServer _server = fixture.Process;
    private readonly JsonElement _document = fixture.Document;

    /// <summary>One server and its document for every test here: they only read.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public InProcessServer Process { get; private set; } = null!;

        public JsonElement Document { get; private set; }

        public async Task InitializeAsync()
        {
            Process = await InProcessServer.StartAsync(_directory.Path);
            using var response = await Process.Http.GetAsync("/openapi/bourse.json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            _directory.Dispose();
        }
    }

    /// <summary>Method and path; the spec's parameters ("*" = mandatory); none, API key (USER_STREAM) or signed.</summary>
    public static TheoryData<string, string, string> SpecEndpoints => new()
    {
        { "GET /api/v3/ping", "", "none" },
        { "GET /api/v3/time", "", "none" },
        { "GET /api/v3/exchangeInfo", "symbol symbols permissions symbolStatus", "none" },
        { "GET /api/v3/depth", "symbol* limit", "none" },
        { "GET /api/v3/trades", "symbol* limit", "none" },
        { "GET /api/v3/historicalTrades", "symbol* limit fromId", "none" },
        { "GET /api/v3/aggTrades", "symbol* fromId startTime endTime limit", "none" },
        { "GET /api/v3/klines", "symbol* interval* startTime endTime timeZone limit", "none" },
        { "GET /api/v3/ticker/24hr", "symbol symbols type", "none" },
        { "GET /api/v3/ticker/price", "symbol symbols", "none" },
        { "GET /api/v3/ticker/bookTicker", "symbol symbols", "none" },
        { "GET /api/v3/avgPrice", "symbol*", "none" },
        { "POST /api/v3/order", NewOrder, "signed" },
        { "POST /api/v3/order/test", NewOrder + " computeCommissionRates", "signed" },
        { "DELETE /api/v3/order", "symbol* orderId origClientOrderId newClientOrderId", "signed" },
        // cancelNewClientOrderId: not in the spec's table, but Binance documents it and the server reads it.
        { "POST /api/v3/order/cancelReplace", NewOrder + " cancelReplaceMode* cancelOrderId cancelOrigClientOrderId cancelNewClientOrderId", "signed" },
        { "DELETE /api/v3/openOrders", "symbol*", "signed" },
        { "GET /api/v3/order", "symbol* orderId origClientOrderId", "signed" },
        { "GET /api/v3/openOrders", "symbol", "signed" },
        { "GET /api/v3/allOrders", "symbol* orderId startTime endTime limit", "signed" },
        { "GET /api/v3/myTrades", "symbol* orderId startTime endTime fromId limit", "signed" },
        { "GET /api/v3/account", "omitZeroBalances", "signed" },
        { "GET /api/v3/account/commission", "symbol*", "signed" },
        { "POST /api/v3/userDataStream", "", "key" },
        { "PUT /api/v3/userDataStream", "listenKey*", "key" },
        { "DELETE /api/v3/userDataStream", "listenKey*", "key" },
    };

    [Theory]
    [MemberData(nameof(SpecEndpoints))]
    public void Every_spec_endpoint_is_documented_with_its_parameters_security_and_binance_errors(string endpoint, string parameters, string security)
    {
        var (method, path) = (endpoint.Split(' ')[0].ToLowerInvariant(), endpoint.Split(' ')[1]);
        Assert.True(_document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is missing");
        Assert.True(item.TryGetProperty(method, out var operation), $"{endpoint} is missing");

        var expected = (security == "signed" ? $"{parameters} {Signing}" : parameters)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(p => p.TrimEnd('*'), p => p.EndsWith('*'));
        var documented = operation.TryGetProperty("parameters", out var list)
            ? list.EnumerateArray().ToDictionary(
                p => p.GetProperty("name").GetString()!,
                p => p.TryGetProperty("required", out var required) && required.GetBoolean())
            : [];
        Assert.Equal(expected.OrderBy(p => p.Key), documented.OrderBy(p => p.Key));
        if (operation.TryGetProperty("parameters", out list))
        {
            Assert.All(list.EnumerateArray(), p =>
            {
                Assert.Equal("query", p.GetProperty("in").GetString());
                Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString()));
            });
        }

        var schemes = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToList();
        Assert.Equal(security == "none" ? [] : ["BinanceApiKey"], schemes);

        var responses = operation.GetProperty("responses");
        Assert.Equal("#/components/schemas/BinanceError", ErrorSchema(responses, "429"));
        if (parameters.Length > 0 || security != "none")
        {
            Assert.Equal("#/components/schemas/BinanceError", ErrorSchema(responses, "400"));
        }

        if (security != "none")
        {
            Assert.Equal("#/components/schemas/BinanceError", ErrorSchema(responses, "401"));
        }
    }

    [Fact]
    public void The_api_key_scheme_is_the_binance_header_and_the_error_schema_is_code_and_msg()
    {
        var components = _document.GetProperty("components");
        var scheme = components.GetProperty("securitySchemes").GetProperty("BinanceApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-MBX-APIKEY", scheme.GetProperty("name").GetString());

        var error = components.GetProperty("schemas").GetProperty("BinanceError");
        Assert.Equal(["code", "msg"], error.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order());
        Assert.Equal("integer", error.GetProperty("properties").GetProperty("code").GetProperty("type").GetString());
        Assert.Equal("string", error.GetProperty("properties").GetProperty("msg").GetProperty("type").GetString());
    }

    [Fact]
    public void Enumerated_parameters_list_exactly_what_the_server_accepts()
    {
        Assert.Equal(["BUY", "SELL"], Values("/api/v3/order", "post", "side"));
        Assert.Equal(["GTC", "IOC", "FOK"], Values("/api/v3/order", "post", "timeInForce"));
        Assert.Equal(["STOP_ON_FAILURE", "ALLOW_FAILURE"], Values("/api/v3/order/cancelReplace", "post", "cancelReplaceMode"));
        Assert.Equal(["1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"],
            Values("/api/v3/klines", "get", "interval"));
    }

    [Fact]
    public void Only_the_http_apis_are_documented_and_the_document_names_its_license_and_server()
    {
        var paths = _document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.True(p.StartsWith("/api/v1/", StringComparison.Ordinal) || p.StartsWith("/api/v3/", StringComparison.Ordinal), p));

        var info = _document.GetProperty("info");
        Assert.Equal("Bourse API", info.GetProperty("title").GetString());
        Assert.Equal("MIT", info.GetProperty("license").GetProperty("identifier").GetString());
        // No public URL configured: a server relative to wherever the document was fetched from.
        Assert.Equal("/", Assert.Single(_document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_documents_server_and_the_docs_page_never_repeat_the_requests_host_header()
    {
        foreach (var path in new[] { "/openapi/bourse.json", "/docs/" })
        {
            using var forged = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = "evil.example" } };
            using var response = await _server.Http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("evil.example", string.Join('\n', response.Headers.SelectMany(h => h.Value)), StringComparison.Ordinal);
        }

        using var directory = new TempDirectory();
        await using var configured = await InProcessServer.StartAsync(directory.Path, "--Bourse:PublicUrl=https://exchange.example.com/");
        using var document = await configured.Http.GetAsync("/openapi/bourse.json");
        var servers = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement.GetProperty("servers");
        Assert.Equal("https://exchange.example.com", Assert.Single(servers.EnumerateArray()).GetProperty("url").GetString());
        using var docs = await configured.Http.GetAsync("/docs/");
        Assert.Contains("connect-src 'self' https://exchange.example.com;", Assert.Single(docs.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task The_docs_page_has_a_content_security_policy_with_a_fresh_script_nonce_and_cannot_be_framed()
    {
        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await _server.Http.GetAsync("/docs/");
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", policy);
            Assert.Contains("object-src 'none'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Contains("connect-src 'self';", policy);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));

            // The page's inline start-up script runs by the nonce the policy names, and no other inline script would.
            var nonce = System.Text.RegularExpressions.Regex.Match(policy, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
            Assert.NotEmpty(nonce);
            var page = await response.Content.ReadAsStringAsync();
            Assert.Contains($"nonce=\"{nonce}\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", policy.Split("script-src ")[1].Split(';')[0], StringComparison.Ordinal);
            nonces.Add(nonce);
        }

        Assert.NotEqual(nonces[0], nonces[1]);
        using var bundle = await _server.Http.GetAsync("/docs/scalar.js");
        Assert.Equal("DENY", Assert.Single(bundle.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Docs_serve_the_interactive_reference_from_the_server_itself()
    {
        var page = await _server.Http.GetStringAsync("/docs/");
        Assert.Matches("<script src=\"scalar.js\"[^>]*></script>", page);
        Assert.Contains("openapi/bourse.json", page, StringComparison.Ordinal);
        // Offline: no script or stylesheet from another host.
        Assert.DoesNotContain("src=\"http", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", page, StringComparison.Ordinal);

        using var bundle = await _server.Http.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 100_000, "the embedded Scalar bundle");

        using var redirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.BaseAddress };
        using var bare = await redirect.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.Found, bare.StatusCode);
    }

    private static string? ErrorSchema(JsonElement responses, string status) =>
        responses.TryGetProperty(status, out var response)
            ? response.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()
            : null;

    private string[] Values(string path, string method, string parameter) =>
        _document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == parameter)
            .GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).ToArray();
}
