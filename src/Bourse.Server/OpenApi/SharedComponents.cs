using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Bourse.Server.OpenApi;

/// <summary>
/// The shared schemas and security schemes, added to a document only when an operation uses them, so the document
/// never carries an unused component (the linter warns on those).
/// </summary>
public static class SharedComponents
{
    public static OpenApiSchemaReference BinanceErrorSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(BourseOpenApi.BinanceErrorSchemaName, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A Binance error. `code` is the stable Binance error code clients switch on; `msg` is its text.",
            Required = new HashSet<string> { "code", "msg" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "Binance error code, e.g. -1121." },
                ["msg"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, e.g. `Invalid symbol.`" },
            },
            Examples = [new JsonObject { ["code"] = -1121, ["msg"] = "Invalid symbol." }],
        });
        return new OpenApiSchemaReference(BourseOpenApi.BinanceErrorSchemaName, document);
    }

    public static OpenApiSchemaReference ProblemSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(BourseOpenApi.ProblemSchemaName, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 7807 problem details. `code` is the stable snake_case name clients switch on; `title` and `detail` are for people.",
            Required = new HashSet<string> { "code", "status", "title" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "A URI naming the problem." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the problem." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong in this request." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request this problem is about." },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable machine-readable problem name, e.g. `invalid_credentials`." },
            },
            AdditionalPropertiesAllowed = true,
        });
        return new OpenApiSchemaReference(BourseOpenApi.ProblemSchemaName, document);
    }

    public static OpenApiSecuritySchemeReference ApiKeyScheme(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(BourseOpenApi.ApiKeySchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-MBX-APIKEY",
            Description = "A Bourse API key, sent as Binance clients send theirs. Signed endpoints also need `timestamp` and `signature`.",
        });
        return new OpenApiSecuritySchemeReference(BourseOpenApi.ApiKeySchemeName, document);
    }

    public static OpenApiSecuritySchemeReference BearerScheme(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(BourseOpenApi.BearerSchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access token from signing in, as `Authorization: Bearer <token>`.",
        });
        return new OpenApiSecuritySchemeReference(BourseOpenApi.BearerSchemeName, document);
    }

    /// <summary>
    /// Adds an error response under <paramref name="status"/> unless the operation already declares one; the schema is
    /// asked for (and so added to the document) only when the response is.
    /// </summary>
    public static void AddErrorResponse(OpenApiOperation operation, string status, string description, string mediaType,
        Func<OpenApiDocument, IOpenApiSchema> schema, OpenApiDocument document)
    {
        operation.Responses ??= [];
        if (operation.Responses.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new OpenApiMediaType { Schema = schema(document) } },
        };
    }
}
