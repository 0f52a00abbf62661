namespace Bourse.Server.Http;

/// <summary>
/// Errors of the platform API (<c>/api/v1</c>) as RFC 7807 problem details. <c>code</c> is the stable, machine-readable
/// name clients switch on (snake_case, never reworded); <c>title</c> and <c>detail</c> are for people and may change.
/// </summary>
public static class ApiProblem
{
    public static IResult Result(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                all[key] = value;
            }
        }

        return Results.Problem(statusCode: status, title: title, detail: detail, type: $"https://bourse.dev/problems/{code}", extensions: all);
    }

    public static IResult BadRequest(string code, string detail, string? field = null) =>
        Result(StatusCodes.Status400BadRequest, code, "The request is invalid.", detail,
            field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static IResult NotFound(string what) =>
        Result(StatusCodes.Status404NotFound, "not_found", "Not found.", $"No such {what}.");

    public static IResult Unauthorized(string code = "unauthorized", string detail = "Sign in first: send a valid access token as 'Authorization: Bearer <token>'.") =>
        Result(StatusCodes.Status401Unauthorized, code, "Authentication is required.", detail);

    public static IResult Forbidden(string code, string detail) =>
        Result(StatusCodes.Status403Forbidden, code, "Not allowed.", detail);

    public static IResult TooManyRequests(string code, string detail, TimeSpan retryAfter) =>
        Result(StatusCodes.Status429TooManyRequests, code, "Too many requests.", detail,
            new Dictionary<string, object?> { ["retryAfterSeconds"] = (long)Math.Ceiling(retryAfter.TotalSeconds) });
}
