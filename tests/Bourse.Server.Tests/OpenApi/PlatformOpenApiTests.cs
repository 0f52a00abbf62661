using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bourse.Server.Http;
using Bourse.Server.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.Server.Tests.OpenApi;

/// <summary>
/// How /api/v1 endpoints come out in the document with no OpenAPI work of their own. The real server maps no
/// /api/v1 endpoint in this branch yet, so a small web app on a real loopback port maps a few the way the platform
/// API does (a group with <c>RequireAuthorization</c>, an <c>AllowAnonymous</c> one, one without name or tags) and
/// registers the server's own OpenAPI setup.
/// </summary>
public sealed class PlatformOpenApiTests
{
    [Fact]
    public async Task Platform_endpoints_get_bearer_security_problem_details_an_operation_id_and_a_described_tag()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var port = FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddAuthorization();
        builder.AddBourseOpenApi();
        await using var app = builder.Build();
        var account = app.MapGroup("/api/v1/account").WithTags("Account").RequireAuthorization();
        account.MapGet("/profile", () => TypedResults.Ok(new { Email = "alice@example.com" })).WithName("GetProfile").WithSummary("The signed-in user.");
        account.MapPost("/login", () => ApiProblem.Unauthorized()).AllowAnonymous().WithName("Login").WithSummary("Sign in.");
        app.MapDelete("/api/v1/sessions/{id}", (long id) => TypedResults.NoContent()).WithSummary("End a session.");
        app.MapGet("/internal/not-documented", () => "hidden");
        app.MapBourseOpenApi();
        await app.StartAsync();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var document = JsonDocument.Parse(await http.GetStringAsync(BourseOpenApi.DocumentPath));
        var root = document.RootElement;
        var paths = root.GetProperty("paths");
        Assert.Equal(["/api/v1/account/login", "/api/v1/account/profile", "/api/v1/sessions/{id}"],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var profile = paths.GetProperty("/api/v1/account/profile").GetProperty("get");
        Assert.Equal(["Bearer"], Schemes(profile));
        Assert.Equal("#/components/schemas/ApiProblem", ProblemSchema(profile, "401"));
        Assert.Equal("#/components/schemas/ApiProblem", ProblemSchema(profile, "4XX"));

        var login = paths.GetProperty("/api/v1/account/login").GetProperty("post");
        Assert.Empty(Schemes(login));
        Assert.Single(login.GetProperty("security").EnumerateArray());
        Assert.False(login.GetProperty("responses").TryGetProperty("401", out _));
        Assert.Equal("#/components/schemas/ApiProblem", ProblemSchema(login, "4XX"));

        var endSession = paths.GetProperty("/api/v1/sessions/{id}").GetProperty("delete");
        Assert.Equal("deleteApiV1SessionsId", endSession.GetProperty("operationId").GetString());
        Assert.Equal(["Platform"], endSession.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var tags = root.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("description").GetString());
        Assert.Equal(["Account", "Platform"], tags.Keys.Order(StringComparer.Ordinal));
        Assert.All(tags.Values, d => Assert.False(string.IsNullOrWhiteSpace(d)));

        var bearer = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal("JWT", bearer.GetProperty("bearerFormat").GetString());
        // Nothing here is Binance, so nothing Binance is declared.
        Assert.False(root.GetProperty("components").GetProperty("schemas").TryGetProperty("BinanceError", out _));
        await app.StopAsync();
    }

    private static IEnumerable<string> Schemes(JsonElement operation) =>
        operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToList();

    private static string? ProblemSchema(JsonElement operation, string status) =>
        operation.GetProperty("responses").TryGetProperty(status, out var response)
            ? response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
