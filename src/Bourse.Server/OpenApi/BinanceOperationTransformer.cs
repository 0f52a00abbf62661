using System.Text.Json.Nodes;
using Bourse.Api.Binance;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bourse.Server.OpenApi;

/// <summary>
/// Documents a <c>/api/v3</c> operation from its <see cref="BinanceOperation"/> metadata: the hand-read parameters, the
/// API-key security, and Binance's <c>{code,msg}</c> errors (every /api/v3 request can be rate limited, so each gets 429).
/// </summary>
public sealed class BinanceOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (ApiAreas.Of(context.Description) != ApiArea.Binance || context.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<BinanceOperation>().LastOrDefault();
        if (declared is not null)
        {
            operation.Parameters ??= [];
            foreach (var parameter in declared.Parameters)
            {
                operation.Parameters.Add(ToOpenApi(parameter));
            }

            SharedComponents.AddErrorResponse(operation, "400", "The request is invalid (Binance error, e.g. -1102 mandatory parameter missing).",
                "application/json", SharedComponents.BinanceErrorSchema, document);
            if (declared.Security != BinanceSecurity.None)
            {
                operation.Security = [new OpenApiSecurityRequirement { [SharedComponents.ApiKeyScheme(document)] = [] }];
                SharedComponents.AddErrorResponse(operation, "401", "The API key is missing, malformed or lacks the permission (-2014, -2015).",
                    "application/json", SharedComponents.BinanceErrorSchema, document);
            }
        }

        SharedComponents.AddErrorResponse(operation, "429", "Over the request weight limit (-1003); `Retry-After` says when to retry.",
            "application/json", SharedComponents.BinanceErrorSchema, document);
        return Task.CompletedTask;
    }

    private static OpenApiParameter ToOpenApi(BinanceParameter parameter)
    {
        var schema = new OpenApiSchema
        {
            Type = parameter.Type switch
            {
                BinanceValueType.Integer => JsonSchemaType.Integer,
                BinanceValueType.Boolean => JsonSchemaType.Boolean,
                _ => JsonSchemaType.String,
            },
            Format = parameter.Type == BinanceValueType.Integer ? "int64" : null,
            // Binance decimals are plain digits with an optional fraction: no sign, no exponent.
            Pattern = parameter.Type == BinanceValueType.Decimal ? @"^[0-9]+(\.[0-9]+)?$" : null,
            Default = parameter.Default is { } value ? JsonValue.Create(value) : null,
            Minimum = parameter.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Maximum = parameter.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (parameter.Values.Count > 0)
        {
            schema.Enum = [.. parameter.Values.Select(v => (JsonNode)JsonValue.Create(v))];
        }

        return new OpenApiParameter
        {
            Name = parameter.Name,
            // Binance also takes these from a form body on POST/PUT/DELETE; the query string works for every method.
            In = ParameterLocation.Query,
            Required = parameter.IsRequired,
            Description = parameter.Description,
            Schema = schema,
        };
    }
}
