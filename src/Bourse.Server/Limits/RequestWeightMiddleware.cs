using Bourse.Api.Binance;

namespace Bourse.Server.Limits;

/// <summary>
/// Counts every /api/v3 request's Binance weight against its IP, reports the minute's total in
/// <c>X-MBX-USED-WEIGHT-1M</c> on every response, and answers 429 (-1003, with Retry-After) once over the limit.
/// </summary>
public sealed class RequestWeightMiddleware(RequestDelegate next, RequestWeightLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/api/v3/", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        var weight = RequestWeights.Of(context.Request.Method, path, name => query.TryGetValue(name, out var value) ? value.ToString() : null);
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (used, exceeded, retryAfter) = limiter.Take(client, weight);
        context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = used.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (exceeded)
        {
            var error = BinanceErrors.TooMuchRequestWeight(limiter.Policy.RequestWeightPerMinute, "1m", retryAfter);
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(BinanceJson.Serialize(error)).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
