using System.Reflection;
using Bourse.Server.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bourse.Server.OpenApi;

/// <summary>
/// The document-wide parts: title, version, license, and a described tag for every operation (an operation left with
/// ASP.NET Core's default tag, the application name, gets its area's tag instead), and an explicit empty security
/// requirement on operations that need no credentials. The one server is the configured public URL, or a relative
/// <c>/</c> when none is set: never one built from the request's Host header, which the client chooses.
/// </summary>
public sealed class BourseDocumentTransformer(IHostEnvironment environment, IConfiguration configuration) : IOpenApiDocumentTransformer
{
    private readonly PublicUrl _publicUrl = PublicUrl.From(configuration);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Bourse API",
            Version = Version(),
            Description = """
                Bourse's HTTP APIs. `/api/v1` is the platform API (accounts, sessions, API keys): JWT bearer
                authentication, errors as RFC 7807 problem details with a stable `code`. `/api/v3` is Binance Spot
                compatible, so Binance clients work by changing only their base URL: `X-MBX-APIKEY` plus an
                HMAC-SHA256 `signature` on TRADE and USER_DATA endpoints, errors as `{"code":…,"msg":"…"}`.
                WebSocket streams (`/ws`, `/stream`, `/ws-api/v3`) are not part of this document.
                """,
            License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
        };

        document.Servers = [new OpenApiServer { Url = _publicUrl.ServerUrl }];

        var described = new Dictionary<string, OpenApiTag>(StringComparer.Ordinal);
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is not null)
            {
                described[tag.Name] = tag;
            }
        }

        foreach (var (path, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                var tags = new HashSet<OpenApiTagReference>((operation.Tags ?? Enumerable.Empty<OpenApiTagReference>())
                    .Where(t => t.Name != environment.ApplicationName));
                if (tags.Count == 0)
                {
                    var area = path.StartsWith("/api/v1/", StringComparison.Ordinal) ? OpenApiTagDescriptions.Platform : OpenApiTagDescriptions.Binance;
                    tags.Add(new OpenApiTagReference(area, document));
                }

                operation.Tags = tags;
                // Say "no credentials needed" outright (an empty requirement) rather than leaving security unstated.
                if (operation.Security is null || operation.Security.Count == 0)
                {
                    operation.Security = [new OpenApiSecurityRequirement()];
                }

                foreach (var name in tags.Select(t => t.Name).OfType<string>())
                {
                    var tag = described.TryGetValue(name, out var existing) ? existing : described[name] = new OpenApiTag { Name = name };
                    tag.Description ??= OpenApiTagDescriptions.Known.TryGetValue(name, out var text) ? text : null;
                    tag.Description ??= $"Operations under {path}.";
                }
            }
        }

        document.Tags = new HashSet<OpenApiTag>(described.Values.Where(t => !string.IsNullOrEmpty(t.Description)));
        return Task.CompletedTask;
    }

    private static string Version()
    {
        var version = typeof(BourseDocumentTransformer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // Drop the "+commit" build metadata: the document describes the API, not the build.
        return version?.Split('+')[0] ?? "1.0.0";
    }
}
