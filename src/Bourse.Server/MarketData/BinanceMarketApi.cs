using Bourse.Api.Binance;
using Bourse.Server.ApiKeys;
using Bourse.Server.Http;
using Bourse.Server.OpenApi;
using Bourse.Server.Views;

namespace Bourse.Server.MarketData;

/// <summary>Binance's public market endpoints.</summary>
public static class BinanceMarketApi
{
    public static IEndpointRouteBuilder MapBinanceMarketApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v3").WithTags("Binance market data");
        api.MapGet("/exchangeInfo", ExchangeInfo).WithName("ExchangeInfo").WithSummary("Trading rules and symbols.")
            .BinanceParameters(BinanceParameter.OptionalSymbol, BinanceParameter.Symbols,
                BinanceParameter.Optional("permissions", BinanceValueType.String, "Accepted for Binance compatibility; every market is SPOT."),
                BinanceParameter.Optional("symbolStatus", BinanceValueType.String, "Accepted for Binance compatibility; not used to filter."));
        return app;
    }

    private static async Task<IResult> ExchangeInfo(HttpRequest request, ReferenceDataView reference, TimeProvider time, RateLimitPolicy limits)
    {
        var (parameters, _, _, error) = await BinanceRequest.ReadAsync(request).ConfigureAwait(false);
        if (error is not null)
        {
            return BinanceResults.Error(error);
        }

        var markets = reference.Markets.Select(m => m.ToBinance()).ToList();
        var symbol = parameters!.OptionalSymbol();
        var symbols = parameters.OptionalString("symbols");
        parameters.OptionalString("permissions");
        parameters.OptionalString("symbolStatus");
        if (parameters.EnsureAllRead() is { } unread)
        {
            return BinanceResults.Error(unread);
        }

        if (symbol is not null)
        {
            markets = markets.Where(m => m.Spec.Symbol == symbol).ToList();
            if (markets.Count == 0)
            {
                return BinanceResults.Error(BinanceErrors.InvalidSymbol);
            }
        }
        else if (symbols is not null)
        {
            var wanted = ParseSymbols(symbols);
            if (wanted is null || wanted.Any(w => markets.All(m => m.Spec.Symbol != w)))
            {
                return BinanceResults.Error(BinanceErrors.InvalidSymbol);
            }

            markets = markets.Where(m => wanted.Contains(m.Spec.Symbol)).ToList();
        }

        return BinanceResults.Ok(ExchangeInfoResponses.ExchangeInfo(time.GetUtcNow().ToUnixTimeMilliseconds(), markets, limits));
    }

    /// <summary>Binance's <c>symbols=["BTCUSDT","ETHUSDT"]</c> (a URL-encoded JSON array); null when malformed.</summary>
    private static HashSet<string>? ParseSymbols(string value)
    {
        try
        {
            var list = System.Text.Json.JsonSerializer.Deserialize<List<string>>(value);
            return list is null || list.Count == 0 ? null : list.ToHashSet(StringComparer.Ordinal);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
