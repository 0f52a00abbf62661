using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Bourse.Server.Hosting;

/// <summary>
/// Serves the web UI (web/, built into the server's output as <c>wwwroot/</c> by the project's BuildWebUi target):
/// hashed assets cached for a year, and <c>index.html</c> for every other path outside the APIs so the browser's
/// router owns them (links in emails such as <c>/reset-password?token=</c> land on the right page). API and stream
/// paths never fall back to the page: an unknown one is a plain 404, as a client expects.
/// </summary>
public static class WebUi
{
    private static readonly string[] ServerPaths = ["/api/", "/ws/", "/ws-api/", "/stream", "/openapi/", "/docs", "/metrics", "/health/"];

    /// <summary>
    /// The page's policy: only this origin's scripts, styles and connections (WebSockets included); images may be
    /// data: URIs (the 2FA QR code); no framing.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static string Root(IConfiguration configuration) =>
        configuration["Bourse:WebRoot"] is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public static WebApplication MapWebUi(this WebApplication app)
    {
        var root = Root(app.Configuration);
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.Logger.LogWarning("The web UI is not built ({Index} is missing): build the server with Node.js 20.19+ installed", index);
            app.MapFallback(context => NotBuilt(context));
            return app;
        }

        var files = new PhysicalFileProvider(root);
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
            },
        });
        app.MapFallback(context => ServePage(context, index));
        return app;
    }

    private static bool IsServerPath(PathString path) =>
        ServerPaths.Any(prefix => path.Value!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || path.Value.Equals(prefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    private static async Task ServePage(HttpContext context, string index)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) || IsServerPath(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers[HeaderNames.CacheControl] = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(index, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task NotBuilt(HttpContext context)
    {
        if (IsServerPath(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("The Bourse web UI was not built: install Node.js 20.19+ with npm and build the server again. The APIs are up (/docs).",
            context.RequestAborted).ConfigureAwait(false);
    }
}
