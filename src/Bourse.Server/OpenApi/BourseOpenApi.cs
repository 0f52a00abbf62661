using Bourse.Server.Http;

namespace Bourse.Server.OpenApi;

/// <summary>Where the OpenAPI document and its interactive docs are served, and the names the document uses.</summary>
public static class BourseOpenApi
{
    public const string DocumentName = "bourse";

    public const string DocumentRoute = "/openapi/{documentName}.json";

    public const string DocumentPath = "/openapi/bourse.json";

    public const string DocsPath = "/docs";

    public const string ApiKeySchemeName = "BinanceApiKey";

    public const string BearerSchemeName = "Bearer";

    public const string BinanceErrorSchemaName = "BinanceError";

    public const string ProblemSchemaName = "ApiProblem";
}
