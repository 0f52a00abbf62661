using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bourse.Server.OpenApi;

/// <summary>
/// Documents a <c>/api/v1</c> operation from what ASP.NET Core already knows: bearer security when the endpoint
/// requires authorization (and does not allow anonymous access), and RFC 7807 problem details for client errors.
/// </summary>
public sealed class PlatformOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (ApiAreas.Of(context.Description) != ApiArea.Platform || context.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        var declaresClientErrors = operation.Responses is not null && operation.Responses.Keys.Any(status => status.StartsWith('4'));
        if (RequiresAuthorization(context.Description.ActionDescriptor.EndpointMetadata))
        {
            operation.Security = [new OpenApiSecurityRequirement { [SharedComponents.BearerScheme(document)] = [] }];
            SharedComponents.AddErrorResponse(operation, "401", "No valid access token (problem details, e.g. `unauthorized`).",
                "application/problem+json", SharedComponents.ProblemSchema, document);
        }

        // A 4XX range, not a made-up status: the endpoint declares its exact statuses when it cares to.
        if (!declaresClientErrors)
        {
            SharedComponents.AddErrorResponse(operation, "4XX", "A client error (problem details with a stable `code`).",
                "application/problem+json", SharedComponents.ProblemSchema, document);
        }

        return Task.CompletedTask;
    }

    /// <summary>As the authorization middleware decides: any allow-anonymous marker wins over authorization data.</summary>
    private static bool RequiresAuthorization(IList<object> metadata) =>
        !metadata.OfType<IAllowAnonymous>().Any()
        && (metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<AuthorizationPolicy>().Any()
            || metadata.OfType<IAuthorizationRequirementData>().Any());
}
