using Bourse.Api.Binance;
using Bourse.Server.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Bourse.Server.Hosting;

/// <summary>
/// Serves the web UI (web/, built into the server's output as <c>wwwroot/</c> by the project's BuildWebUi target):
/// hashed assets cached for a year, and <c>index.html</c> for the browser router's routes (<see cref="UiRoutes"/>), so
/// links in emails such as <c>/reset-password?token=</c> land on the right page. Only when routing found no endpoint
/// (so a known path with the wrong method still gets its 405): a path under an API prefix Binance uses gets a JSON 404
/// in its protocol's form (RFC 7807 under <c>/api/v1</c>, <c>{code,msg}</c> elsewhere), never the page a client would
/// parse as data; another browser path gets the page with 404, so the app shows its not-found page.
/// </summary>
public static class WebUi
{
    /// <summary>The first path segments of the browser router's routes (web/src/App.tsx); "" is the markets page.</summary>
    public static readonly IReadOnlyList<string> UiRoutes =
    [
        "", "trade", "wallet", "convert", "earn", "portfolio", "security", "login", "signup", "forgot-password", "reset-password", "verify-email",
    ];

    /// <summary>The first path segments Binance's APIs use; unknown paths under them are JSON 404s.</summary>
    public static readonly IReadOnlyList<string> ApiPrefixes = ["api", "sapi", "wapi", "fapi", "dapi", "eapi", "papi", "ws-api"];

    /// <summary>The first path segments the server owns besides the APIs: never a page.</summary>
    private static readonly string[] ServerSegments = ["ws", "stream", "openapi", "docs", "metrics", "health", "assets"];

    /// <summary>
    /// The page's policy: only this origin's scripts, styles and connections — 'self', which covers the same origin's
    /// WebSockets, and the configured public URL's WebSocket origin for browsers that do not count ws: as 'self' (never
    /// the request's Host header, which the client chooses); images may be data: URIs (the 2FA QR code); no framing.
    /// </summary>
    private static string ContentSecurityPolicy(PublicUrl publicUrl) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        $"connect-src 'self'{(publicUrl.WebSocketOrigin is { } ws ? " " + ws : "")}; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static string Root(IConfiguration configuration) =>
        configuration["Bourse:WebRoot"] is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>
    /// Brotli/gzip for the bundle's assets only: they are static and hold no secrets, so compressing them over HTTPS
    /// gives nothing away (API responses, which carry tokens, stay uncompressed: BREACH).
    /// </summary>
    public static IServiceCollection AddWebUi(this IServiceCollection services) =>
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "text/javascript"];
        });

    public static WebApplication MapWebUi(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(PublicUrl.From(app.Configuration));
        app.Use((context, next) => context.GetEndpoint() is null && IsApiPath(context.Request.Path) ? UnknownApiPath(context) : next(context));
        var root = Root(app.Configuration);
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.Logger.LogWarning("The web UI is not built ({Index} is missing): build the server with Node.js 20.19+ installed", index);
            app.Use((context, next) => PageRequest(context) is not null ? NotBuilt(context) : next(context));
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal), assets => assets.UseResponseCompression());
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";

                // /index.html itself is the app too: the same protection as every other route to it.
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    AddPageHeaders(context.Context, policy);
                }
            },
        });
        app.Use((context, next) => PageRequest(context) is { } status ? ServePage(context, index, policy, status) : next(context));
        return app;
    }

    /// <summary>Whether the first segment of <paramref name="path"/> is one of <paramref name="segments"/>.</summary>
    private static bool FirstSegmentIn(PathString path, IEnumerable<string> segments)
    {
        var first = (path.Value ?? "/").AsSpan().TrimStart('/');
        var slash = first.IndexOf('/');
        var segment = slash < 0 ? first : first[..slash];
        foreach (var owned in segments)
        {
            if (segment.Equals(owned, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsApiPath(PathString path) => FirstSegmentIn(path, ApiPrefixes);

    /// <summary>
    /// For a GET of a browser path (no endpoint matched, not a server or API path, not a file name: assets are 404
    /// when missing), the page's status: 200 for a route of the app, 404 for any other path; null when no page.
    /// </summary>
    private static int? PageRequest(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint() is not null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return null;
        }

        var path = request.Path.Value ?? "/";
        if (IsApiPath(request.Path) || FirstSegmentIn(request.Path, ServerSegments) || path[(path.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        return FirstSegmentIn(request.Path, UiRoutes) ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
    }

    /// <summary>A JSON 404 for an API path no endpoint serves, in the protocol its prefix speaks.</summary>
    private static Task UnknownApiPath(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblem.Result(StatusCodes.Status404NotFound, "not_found", "Not found.", $"No endpoint {request.Method} {request.Path}.")
                .ExecuteAsync(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "application/json";
        var error = new BinanceError(BinanceErrors.UnsupportedOperationCode, "This operation is not supported: no such endpoint.");
        return context.Response.WriteAsync(BinanceJson.Serialize(error), context.RequestAborted);
    }

    private static async Task ServePage(HttpContext context, string index, string policy, int status)
    {
        AddPageHeaders(context, policy);
        context.Response.StatusCode = status;
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(index, context.RequestAborted).ConfigureAwait(false);
    }

    private static void AddPageHeaders(HttpContext context, string policy)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static async Task NotBuilt(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("The Bourse web UI was not built: install Node.js 20.19+ with npm and build the server again. The APIs are up (/docs).",
            context.RequestAborted).ConfigureAwait(false);
    }
}
