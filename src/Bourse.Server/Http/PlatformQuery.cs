namespace Bourse.Server.Http;

/// <summary>Query parameters of the /api/v1 endpoints, and the problems their misuse gets.</summary>
public static class PlatformQuery
{
    /// <summary>Set on an answer replayed for a repeated idempotency key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>One query parameter: sent at most once, and not empty when sent.</summary>
    public static (string? Value, IResult? Problem) Text(HttpContext context, string name, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return required ? (null, ApiProblem.BadRequest("missing_parameter", $"The query parameter '{name}' is required.", name)) : (null, null);
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > 128)
        {
            return (null, ApiProblem.BadRequest("invalid_parameter", $"Send '{name}' once, with a value.", name));
        }

        return (values[0], null);
    }

    /// <summary>A cursor this endpoint did not hand out.</summary>
    public static IResult InvalidCursor() =>
        ApiProblem.BadRequest("invalid_cursor", "'cursor' must be a nextCursor from an earlier page of the same endpoint.", "cursor");

    /// <summary>Marks an answer replayed for a repeated idempotency key: the request was not carried out again.</summary>
    public static void MarkReplayed(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[ReplayedHeader] = "true";
    }
}
