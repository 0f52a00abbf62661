using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Bourse.Server.OpenApi;

/// <summary>Which of the two documented APIs an endpoint belongs to, by its route.</summary>
public enum ApiArea
{
    /// <summary>Not documented: streams, metrics, health, the docs themselves.</summary>
    None,

    /// <summary><c>/api/v1</c>: Bourse's own platform API (JWT bearer, RFC 7807 errors).</summary>
    Platform,

    /// <summary><c>/api/v3</c>: the Binance-compatible API (API key and signature, <c>{code,msg}</c> errors).</summary>
    Binance,
}

public static class ApiAreas
{
    public static ApiArea Of(ApiDescription description)
    {
        var path = description.RelativePath ?? "";
        return path.StartsWith("api/v1/", StringComparison.Ordinal) ? ApiArea.Platform
            : path.StartsWith("api/v3/", StringComparison.Ordinal) ? ApiArea.Binance
            : ApiArea.None;
    }
}
