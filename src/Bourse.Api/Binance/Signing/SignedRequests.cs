namespace Bourse.Api.Binance;

/// <summary>
/// The checks of a TRADE / USER_DATA request once its API key has given the secret: the signature is present (-1102)
/// and valid over the raw query string and body (-1022), then the timestamp is fresh (-1021). The signed parameters
/// are marked read on <paramref name="parameters"/>.
/// </summary>
public static class SignedRequests
{
    public static BinanceError? Verify(ParameterReader parameters, string secret, string? rawQueryString, string? rawFormBody, long serverTime)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(secret);
        var signature = parameters.RequiredString(BinanceSignature.ParameterName);
        if (parameters.Error is { } error)
        {
            return error;
        }

        if (!BinanceSignature.IsValid(secret, rawQueryString, rawFormBody, signature))
        {
            parameters.Fail(BinanceErrors.InvalidSignature);
            return BinanceErrors.InvalidSignature;
        }

        return RequestTiming.Check(parameters, serverTime);
    }
}
