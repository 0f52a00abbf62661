using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Bourse.Server.Hosting;

/// <summary>
/// Serves the web UI (web/, built into the server's output as <c>wwwroot/</c> by the project's BuildWebUi target):
/// hashed assets cached for a year, and <c>index.html</c> for every other path outside the APIs so the browser's
/// router owns them (links in emails such as <c>/reset-password?token=</c> land on the right page). API and stream
/// paths never fall back to the page: it is served only when routing found no endpoint (so a known API path with the
/// wrong method still gets its 405) and the path is not under one of the server's own segments (an unknown API path
/// stays a plain 404, as a client expects).
/// </summary>
public static class WebUi
{
    /// <summary>The first path segments the server owns.</summary>
    private static readonly string[] ServerSegments = ["api", "ws", "ws-api", "stream", "openapi", "docs", "metrics", "health"];

    /// <summary>
    /// The page's policy: only this origin's scripts, styles and connections — its WebSockets named by host (both
    /// schemes: behind a TLS proxy the server sees plain HTTP), since older browsers do not count ws: as 'self' and a
    /// bare ws: would let injected code send tokens anywhere; images
    /// may be data: URIs (the 2FA QR code); no framing.
    /// </summary>
    private static string ContentSecurityPolicy(HttpRequest request) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        $"connect-src 'self' ws://{request.Host.ToUriComponent()} wss://{request.Host.ToUriComponent()}; " +
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
        var root = Root(app.Configuration);
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.Logger.LogWarning("The web UI is not built ({Index} is missing): build the server with Node.js 20.19+ installed", index);
            app.Use((context, next) => IsPageRequest(context) ? NotBuilt(context) : next(context));
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
                    AddPageHeaders(context.Context);
                }
            },
        });
        app.Use((context, next) => IsPageRequest(context) ? ServePage(context, index) : next(context));
        return app;
    }

    /// <summary>Whether a path is under one of the server's own first segments.</summary>
    private static bool IsServerPath(string path)
    {
        var first = path.AsSpan().TrimStart('/');
        var slash = first.IndexOf('/');
        var segment = slash < 0 ? first : first[..slash];
        foreach (var owned in ServerSegments)
        {
            if (segment.Equals(owned, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A GET of a browser route: no endpoint matched, not a server path, not a file name (assets are 404 when missing).</summary>
    private static bool IsPageRequest(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint() is not null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return false;
        }

        var path = request.Path.Value ?? "/";
        return !IsServerPath(path) && !path[(path.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal);
    }

    private static async Task ServePage(HttpContext context, string index)
    {
        AddPageHeaders(context);
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(index, context.RequestAborted).ConfigureAwait(false);
    }

    private static void AddPageHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request);
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
