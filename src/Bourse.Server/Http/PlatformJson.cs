using System.Text.Json;
using System.Text.Json.Serialization;
using Bourse.Identity;

namespace Bourse.Server.Http;

/// <summary>
/// Reads /api/v1 JSON bodies by hand: a size cap, and a malformed body or a wrong type becomes a 400 problem with a
/// stable code instead of the framework's empty 400 (or a 500).
/// </summary>
public static class PlatformJson
{
    public const int MaxBodyBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 16,

        // A body naming a field twice is ambiguous (which one did a proxy or a WAF check?): refuse it.
        AllowDuplicateProperties = false,
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (null, ApiProblem.Result(StatusCodes.Status413PayloadTooLarge, "body_too_large", "The request body is too large.", $"At most {MaxBodyBytes} bytes."));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return (null, ApiProblem.Result(StatusCodes.Status413PayloadTooLarge, "body_too_large", "The request body is too large.", $"At most {MaxBodyBytes} bytes."));
            }
        }

        if (buffer.Length == 0)
        {
            return (null, ApiProblem.BadRequest("invalid_json", "Send a JSON object as the request body."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null ? (null, ApiProblem.BadRequest("invalid_json", "Send a JSON object as the request body.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblem.BadRequest("invalid_json", e.Path is { Length: > 1 } path ? $"The field '{path[2..]}' has the wrong type or the JSON is malformed." : "The request body is not valid JSON."));
        }
    }

    /// <summary>Reads the body, then answers 400 <c>missing_field</c> naming the first required field that is missing or empty.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, Func<T, (string Name, string? Value)[]> required)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(required);
        var (value, problem) = await ReadAsync<T>(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        foreach (var (name, field) in required(value!))
        {
            if (string.IsNullOrEmpty(field))
            {
                return (null, ApiProblem.BadRequest("missing_field", $"The field '{name}' is required.", name));
            }
        }

        return (value, null);
    }

    /// <summary>An identity refusal as a problem; 429s carry Retry-After.</summary>
    public static IResult Problem(HttpContext context, IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblem.Result(error.Status, error.Code, Title(error.Status), error.Detail,
                new Dictionary<string, object?> { ["retryAfterSeconds"] = (long)Math.Ceiling(retryAfter.TotalSeconds) });
        }

        return ApiProblem.Result(error.Status, error.Code, Title(error.Status), error.Detail);
    }

    private static string Title(int status) => status switch
    {
        400 => "The request is invalid.",
        401 => "Authentication failed.",
        403 => "Not allowed.",
        404 => "Not found.",
        409 => "Conflict with the current state.",
        429 => "Too many requests.",
        _ => "The request failed.",
    };
}
