using Bourse.Server.Http;
using Scalar.AspNetCore;

namespace Bourse.Server.OpenApi;

/// <summary>The OpenAPI document of /api/v1 and /api/v3 and the interactive docs at /docs.</summary>
public static class OpenApiServiceExtensions
{
    public static WebApplicationBuilder AddBourseOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(BourseOpenApi.DocumentName, options =>
        {
            options.ShouldInclude = description => ApiAreas.Of(description) != ApiArea.None;
            options.AddOperationTransformer<OperationIdTransformer>();
            options.AddOperationTransformer<BinanceOperationTransformer>();
            options.AddOperationTransformer<PlatformOperationTransformer>();
            options.AddDocumentTransformer<BourseDocumentTransformer>();
        });
        return builder;
    }

    public static WebApplication MapBourseOpenApi(this WebApplication app)
    {
        var publicUrl = PublicUrl.From(app.Configuration);
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(BourseOpenApi.DocsPath, StringComparison.OrdinalIgnoreCase))
            {
                // Scalar picks the page's script nonce while the endpoint runs; the headers go out with the response.
                context.Response.OnStarting(() =>
                {
                    AddDocsHeaders(context, publicUrl);
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        app.MapOpenApi(BourseOpenApi.DocumentRoute);
        // The Scalar bundle is embedded in the package and served from /docs; turn off everything that would reach out
        // to Scalar's servers, so the docs work on an exchange without internet access.
        app.MapScalarApiReference(BourseOpenApi.DocsPath, options => options
            .WithTitle("Bourse API")
            .AddDocument(BourseOpenApi.DocumentName, "Bourse API", BourseOpenApi.DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce());
        return app;
    }

    /// <summary>
    /// The docs page's protection: scripts only from this origin plus the page's own inline start-up script (by its
    /// per-request nonce), connections only to this origin (the "try it" client) and the configured public URL,
    /// Scalar's injected styles, no plugins, no framing. The public URL, never the request's Host header, names the server.
    /// </summary>
    private static void AddDocsHeaders(HttpContext context, PublicUrl publicUrl)
    {
        var nonce = context.Items[ScalarOptions.NonceHttpContextItemKey] as string;
        var script = nonce is null ? "'self'" : $"'self' 'nonce-{nonce}'";
        var connect = publicUrl.Origin is { } origin ? $"'self' {origin}" : "'self'";
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            $"font-src 'self' data:; connect-src {connect}; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; " +
            "frame-ancestors 'none'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
