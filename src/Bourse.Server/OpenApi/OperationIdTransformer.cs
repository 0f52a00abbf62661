using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bourse.Server.OpenApi;

/// <summary>
/// Gives an operation without an endpoint name (<c>.WithName</c>) an operationId from its method and route, e.g.
/// <c>GET api/v1/sessions/{id}</c> → <c>getApiV1SessionsId</c>, so generated clients get stable method names.
/// </summary>
public sealed class OperationIdTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(operation.OperationId))
        {
            operation.OperationId = FromRoute(context.Description.HttpMethod ?? "", context.Description.RelativePath ?? "");
        }

        return Task.CompletedTask;
    }

    public static string FromRoute(string method, string route)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        var upper = true;
        foreach (var c in route)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            id.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return id.ToString();
    }
}
