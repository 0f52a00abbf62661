using System.Globalization;
using Bourse.Api.Binance;

namespace Bourse.Server.Limits;

/// <summary>
/// Counts every Binance REST request's weight (<c>/api/v3</c> and <c>/sapi</c>) against its IP, reports the minute's
/// total in <c>X-MBX-USED-WEIGHT-1M</c> on every response, and answers 429 (-1003, with Retry-After) once over the
/// limit, or 418 while the IP is banned. The WebSocket API spends the same budget (<see cref="RequestWeightLimiter"/>).
/// </summary>
public sealed class RequestWeightMiddleware(RequestDelegate next, RequestWeightLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/api/v3/", StringComparison.Ordinal) && !path.StartsWith("/sapi/", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        var weight = RequestWeights.Of(context.Request.Method, path, name => query.TryGetValue(name, out var value) ? value.ToString() : null);
        var taken = limiter.Take(RequestWeightLimiter.ClientOf(context.Connection.RemoteIpAddress), weight);
        context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = taken.Used.ToString(CultureInfo.InvariantCulture);
        if (taken.Error is { } refused)
        {
            context.Response.StatusCode = refused.HttpStatus;
            context.Response.Headers.RetryAfter = taken.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(BinanceJson.Serialize(refused)).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
