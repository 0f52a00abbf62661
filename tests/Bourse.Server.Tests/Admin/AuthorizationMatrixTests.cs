using System.Net;
using Bourse.Identity.Operators;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.Server.Tests.Admin;

/// <summary>
/// The authorization matrix, checked against the running server: every endpoint under <c>/api/v1/admin</c> (read from
/// its endpoint data source, so endpoints added later are covered without editing this test), for no token, a normal
/// user, and an operator holding each single role.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    [Fact]
    public async Task Every_admin_endpoint_lets_in_exactly_the_roles_its_permission_names()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path,
            "--Bourse:Limits:AuthPerMinutePerIp=100000", "--Bourse:Limits:PlatformPerMinute=1000000");
        var endpoints = AdminEndpoints(server.Services);
        Assert.NotEmpty(endpoints);

        var failures = new List<string>();
        foreach (var (method, route, permission) in endpoints.Where(e => e.Permission is null))
        {
            failures.Add($"{method} {route} requires no operator permission");
        }

        var client = new PlatformClient(server.Http);
        var customer = await client.NewUserAsync("customer@matrix.example");
        var operators = new Dictionary<string, PlatformOperator>(StringComparer.Ordinal);
        foreach (var role in OperatorRoles.All)
        {
            operators[role] = await PlatformOperator.SignInAsync(server, $"{role}@matrix.example", role);
        }

        foreach (var (method, route, permission) in endpoints.Where(e => e.Permission is not null))
        {
            var path = Path(route);
            var anonymous = await SendAsync(client, method, path, null);
            if (anonymous != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{method} {route} without a token: {(int)anonymous}, expected 401");
            }

            var normal = await SendAsync(client, method, path, customer.AccessToken);
            if (normal != HttpStatusCode.Forbidden)
            {
                failures.Add($"{method} {route} as a normal user: {(int)normal}, expected 403");
            }

            foreach (var (role, signedIn) in operators)
            {
                var status = await SendAsync(client, method, path, signedIn.AccessToken);
                var granted = OperatorPermissions.Grants(role, permission!.Value);
                if (granted && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{method} {route} as {role}, who holds {permission}: {(int)status}");
                }
                else if (!granted && status != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{method} {route} as {role}, who lacks {permission}: {(int)status}, expected 403");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Each admin endpoint's method, route and the permission its authorization policy names (null when none).</summary>
    private static List<(string Method, RoutePattern Route, OperatorPermission? Permission)> AdminEndpoints(IServiceProvider services)
    {
        var byPolicy = Enum.GetValues<OperatorPermission>().ToDictionary(OperatorPermissions.PolicyName, p => p, StringComparer.Ordinal);
        return [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/v1/admin", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
            {
                var permissions = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy)
                    .Where(p => p is not null && byPolicy.ContainsKey(p)).Select(p => byPolicy[p!]).Distinct().ToList();
                return (method, e.RoutePattern, permissions.Count == 1 ? permissions[0] : (OperatorPermission?)null);
            }))];
    }

    /// <summary>The route with harmless values: ids that exist nowhere, names no asset or market has.</summary>
    private static string Path(RoutePattern route)
    {
        var path = route.RawText!;
        foreach (var parameter in route.Parameters)
        {
            var numeric = parameter.ParameterPolicies.Any(p => p.Content is "long" or "int");
            var value = numeric ? "987654" : "ZZNOPE";
            path = System.Text.RegularExpressions.Regex.Replace(path, $@"\{{{parameter.Name}[^}}]*\}}", value);
        }

        return path;
    }

    private static async Task<HttpStatusCode> SendAsync(PlatformClient client, string method, string path, string? accessToken)
    {
        var response = await client.SendAsync(new HttpMethod(method), path, accessToken: accessToken,
            rawBody: method is "GET" or "HEAD" ? null : "{}");
        return response.Status;
    }
}
