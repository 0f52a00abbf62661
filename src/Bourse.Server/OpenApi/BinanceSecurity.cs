using Bourse.Server.ApiKeys;

namespace Bourse.Server.OpenApi;

/// <summary>Binance's endpoint security types, as far as a client has to send something for them.</summary>
public enum BinanceSecurity
{
    /// <summary>Public market data: nothing to send.</summary>
    None,

    /// <summary>USER_STREAM: the <c>X-MBX-APIKEY</c> header, no signature.</summary>
    ApiKey,

    /// <summary>TRADE and USER_DATA: the <c>X-MBX-APIKEY</c> header plus <c>timestamp</c>, <c>recvWindow</c> and <c>signature</c>.</summary>
    Signed,
}
