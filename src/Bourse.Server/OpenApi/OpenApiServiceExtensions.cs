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
        app.MapOpenApi(BourseOpenApi.DocumentRoute);
        // The Scalar bundle is embedded in the package and served from /docs; turn off everything that would reach out
        // to Scalar's servers, so the docs work on an exchange without internet access.
        app.MapScalarApiReference(BourseOpenApi.DocsPath, options => options
            .WithTitle("Bourse API")
            .AddDocument(BourseOpenApi.DocumentName, "Bourse API", BourseOpenApi.DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return app;
    }
}
