using Bourse.Identity;
using Bourse.Server.Http;

namespace Bourse.Server.Identity;

/// <summary>Pages of the audit log, for a user's own account page and for the back office.</summary>
public static class AuditPages
{
    /// <summary>One page of the audit log: <c>limit</c> (1–500, default 50) events with ids below <c>before</c>.</summary>
    public static async Task<IResult> ReadAsync(HttpContext context, IAuditLog audit, long? userId, string? type)
    {
        var query = context.Request.Query;
        var limit = 50;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            return ApiProblem.BadRequest("invalid_parameter", "'limit' must be an integer from 1 to 500.", "limit");
        }

        long? before = null;
        if (query.TryGetValue("before", out var beforeText))
        {
            if (!long.TryParse(beforeText, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return ApiProblem.BadRequest("invalid_parameter", "'before' must be a positive event id.", "before");
            }

            before = value;
        }

        var events = await audit.ReadAsync(userId, type, before, limit, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new AuditPageResponse(events.Select(Map).ToList(), events.Count == limit ? events[^1].Id : null), PlatformJson.Options);
    }

    private static AuditEventResponse Map(AuditEvent e) => new(e.Id, e.UserId, e.Type, e.Ip, e.UserAgent, e.Detail, e.Time);
}
