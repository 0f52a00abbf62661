using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bourse.Server.Portfolio;

/// <summary>
/// Documents an optional query parameter that the handler reads (and validates) itself from the request, so the
/// OpenAPI document still lists it.
/// </summary>
internal static class QueryParameterDocs
{
    public static RouteHandlerBuilder DocumentsQuery(this RouteHandlerBuilder builder, string name, string description, bool integer = false) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema
                {
                    Type = integer ? JsonSchemaType.Integer : JsonSchemaType.String,
                    Format = integer ? "int64" : null,
                    Minimum = integer ? "0" : null,
                },
            });
            return Task.CompletedTask;
        });
}
