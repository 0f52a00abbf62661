using System.Data.Common;
using Bourse.Api.Binance;

namespace Bourse.Server.Http;

/// <summary>
/// A database that cannot answer (PostgreSQL stopped or unreachable, SQLite failing) means "try again shortly", not a
/// server error: a request whose store throws a <see cref="DbException"/> — sign-in, the session check of every bearer
/// request, any identity or history read without its own handling — answers 503 in its API's format (Binance -1008 on
/// <c>/api</c> and <c>/sapi</c> but <c>/api/v1</c>, problem details <c>server_busy</c> elsewhere), and the cause is
/// logged. Nothing was changed: a statement that failed committed nothing.
/// </summary>
public sealed partial class StoreUnavailableMiddleware(RequestDelegate next, ILogger<StoreUnavailableMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (DbException e) when (!context.Response.HasStarted)
        {
            var path = context.Request.Path;
            // The route pattern, never the path: a path can hold a secret (a listenKey).
            LogUnavailable(logger, context.GetEndpoint()?.DisplayName ?? context.Request.Method, e);
            context.Response.Clear();
            var binance = (path.StartsWithSegments("/api", StringComparison.Ordinal) && !path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
                || path.StartsWithSegments("/sapi", StringComparison.Ordinal);
            var answer = binance
                ? BinanceResults.Error(BinanceErrors.ServerBusy)
                : ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "server_busy", "Try again shortly.", "A database the server needs is not answering.");
            context.Response.Headers.RetryAfter = "1";
            await answer.ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "{Endpoint} answered 503: a database did not answer")]
    private static partial void LogUnavailable(ILogger logger, string endpoint, Exception exception);
}
