using Bourse.Server.Http;
using Microsoft.Extensions.Options;

namespace Bourse.Server.UserData;

/// <summary>
/// The web UI's way into the user data stream: a signed-in session (bearer token) opens a listenKey of its own and
/// reads <c>/ws/&lt;listenKey&gt;</c> exactly like a Binance client. The key is short-lived
/// (<see cref="UserDataOptions.SessionStreamValidity"/>) and kept alive through this bearer-checked endpoint, so a
/// session ended anywhere loses its stream soon after; signing out or revoking the session ends it at once.
/// </summary>
public static class SessionStreamApi
{
    /// <summary>The listenKey owner for a session: API keys are alphanumeric, so this never names one.</summary>
    public static string Owner(string sessionId) => $"session:{sessionId}";

    public static IEndpointRouteBuilder MapSessionStream(this IEndpointRouteBuilder app)
    {
        var stream = app.MapGroup("/api/v1/account/stream").WithTags("Account").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        stream.MapPost("/", Open).Produces<SessionStreamResponse>().ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Open (or extend) this session's user data stream; connect to /ws/{listenKey}.");
        stream.MapPut("/", KeepAlive).Accepts<SessionStreamKeepAlive>("application/json").Produces(204).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404)
            .WithSummary("Keep this session's listenKey alive; 404 once it has ended (open a new one).");
        return app;
    }

    private static IResult Open(HttpContext context, ListenKeys keys, IOptions<UserDataOptions> options)
    {
        var (userId, sessionId) = PlatformUser.Of(context);
        var validity = options.Value.SessionStreamValidity;
        var key = keys.Open(Owner(sessionId), userId, validity: validity);
        return TypedResults.Ok(new SessionStreamResponse(key.Key, (long)validity.TotalSeconds));
    }

    private static async Task<IResult> KeepAlive(HttpContext context, ListenKeys keys)
    {
        var (_, sessionId) = PlatformUser.Of(context);
        var (body, problem) = await PlatformJson.ReadAsync<SessionStreamKeepAlive>(context.Request, b => [("listenKey", b.ListenKey)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return keys.Extend(body!.ListenKey!, Owner(sessionId)) ? Results.NoContent() : ApiProblem.NotFound("listenKey");
    }
}

/// <summary>A session's listenKey and how long it lives without a keepalive.</summary>
public sealed record SessionStreamResponse(string ListenKey, long ValiditySeconds);

public sealed record SessionStreamKeepAlive(string? ListenKey);
