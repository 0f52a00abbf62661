namespace Bourse.Server.MarketData;

/// <summary>Binance's general endpoints: connectivity and server time.</summary>
public static class BinanceGeneralApi
{
    public static IEndpointRouteBuilder MapBinanceGeneralApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v3").WithTags("Binance general");
        api.MapGet("/ping", () => TypedResults.Ok(new { })).WithName("Ping").WithSummary("Test connectivity.");
        api.MapGet("/time", (TimeProvider time) => TypedResults.Ok(new ServerTimeResponse(time.GetUtcNow().ToUnixTimeMilliseconds())))
            .WithName("ServerTime").WithSummary("The server's clock in milliseconds since the epoch.");
        return app;
    }

    public sealed record ServerTimeResponse(long ServerTime);
}
