using Bourse.Api.Binance;

namespace Bourse.Server.Http;

/// <summary>Binance bodies as HTTP results: success bodies as the library serializes them, errors as {code,msg}.</summary>
public static class BinanceResults
{
    public static IResult Ok(object body) => Results.Text(BinanceJson.Serialize(body), "application/json", statusCode: 200);

    public static IResult Error(BinanceError error)
    {
        var status = BinanceErrors.HttpStatusOf(error.Code);
        return new ErrorResult(BinanceJson.Serialize(error), status, error.RetryAfterSeconds ?? 60);
    }

    public static IResult From<T>(BinanceResult<T> result) where T : notnull =>
        result.Error is { } error ? Error(error) : Ok(result.Value!);

    /// <summary>An error body with Retry-After on the statuses that ask clients to back off.</summary>
    private sealed class ErrorResult(string body, int status, int retryAfterSeconds) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (status is 429 or 418)
            {
                httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            httpContext.Response.ContentType = "application/json";
            await httpContext.Response.WriteAsync(body).ConfigureAwait(false);
        }
    }
}
