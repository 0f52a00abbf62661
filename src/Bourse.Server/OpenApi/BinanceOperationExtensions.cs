using Bourse.Api.Binance;

namespace Bourse.Server.OpenApi;

/// <summary>Declares a <c>/api/v3</c> endpoint's hand-read parameters for the OpenAPI document; metadata only.</summary>
public static class BinanceOperationExtensions
{
    /// <summary>A public endpoint reading <paramref name="parameters"/>.</summary>
    public static TBuilder BinanceParameters<TBuilder>(this TBuilder builder, params BinanceParameter[] parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BinanceOperation(BinanceSecurity.None, parameters));

    /// <summary>A USER_STREAM endpoint: the API key header and <paramref name="parameters"/>.</summary>
    public static TBuilder BinanceApiKey<TBuilder>(this TBuilder builder, params BinanceParameter[] parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BinanceOperation(BinanceSecurity.ApiKey, parameters));

    /// <summary>A TRADE / USER_DATA endpoint: the API key header, <paramref name="parameters"/> and the signing parameters.</summary>
    public static TBuilder BinanceSigned<TBuilder>(this TBuilder builder, params BinanceParameter[] parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BinanceOperation(BinanceSecurity.Signed, [.. parameters, .. BinanceParameter.SignedParameters]));
}
