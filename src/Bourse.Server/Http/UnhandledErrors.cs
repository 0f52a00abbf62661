using System.Data.Common;
using Bourse.Api.Binance;
using Microsoft.AspNetCore.Diagnostics;

namespace Bourse.Server.Http;

/// <summary>
/// The last answer to an exception no endpoint handled, so no client ever gets an empty 500. A store that cannot
/// read or write (a full or read-only disk, a database that is down: <see cref="DbException"/>, <see cref="IOException"/>)
/// is a fault of the moment: 503 with the API's own "busy" answer (Binance <c>-1008</c> on <c>/api/v3</c> and
/// <c>/sapi</c>, problem <c>server_busy</c> on <c>/api/v1</c>), so clients back off and retry. Anything else is a bug:
/// 500 with the API's "unknown error". Both are logged with their cause.
/// </summary>
public sealed partial class UnhandledErrors(ILogger<UnhandledErrors> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Response.HasStarted || (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested))
        {
            return false;
        }

        var storage = IsStorageFault(exception);
        // The route pattern, never the path: a path can hold a secret (a listenKey).
        var endpoint = httpContext.GetEndpoint()?.DisplayName ?? httpContext.Request.Method;
        if (storage)
        {
            LogStorageFault(logger, exception, endpoint);
        }
        else
        {
            LogUnhandled(logger, exception, endpoint);
        }

        httpContext.Response.Clear();
        var result = IsBinancePath(httpContext.Request.Path)
            ? BinanceResults.Error(storage ? BinanceErrors.ServerBusy : BinanceErrors.Unknown)
            : storage
                ? ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "server_busy", "The service is busy.",
                    "A store the request needs is unavailable for the moment. Try again shortly.")
                : ApiProblem.Result(StatusCodes.Status500InternalServerError, "internal_error", "The request failed.",
                    "An unexpected error occurred; it has been logged.");
        if (storage)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    /// <summary>A store that cannot be read or written: the disk (full, read-only, failing) or a database connection.</summary>
    public static bool IsStorageFault(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or IOException or UnauthorizedAccessException)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBinancePath(PathString path) =>
        (path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/v1")) || path.StartsWithSegments("/sapi");

    [LoggerMessage(EventId = 90, Level = LogLevel.Error, Message = "{Endpoint}: a store is unavailable (a database not answering, a disk full or failing); answered 503")]
    private static partial void LogStorageFault(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(EventId = 91, Level = LogLevel.Error, Message = "{Endpoint} failed; answered 500")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string endpoint);
}
