using System.Security.Cryptography;
using System.Text;

namespace Bourse.Bench;

/// <summary>A Binance-style signed POST /api/v3/order, as CCXT sends it: form body, HMAC-SHA256, key in a header.</summary>
public static class SignedOrder
{
    /// <summary>The request for <paramref name="parameters"/> (without timestamp or signature; both are added).</summary>
    public static HttpRequestMessage Create(string apiKey, byte[] secret, string parameters)
    {
        var payload = $"{parameters}&timestamp={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(payload)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v3/order")
        {
            Content = new StringContent($"{payload}&signature={signature}", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-MBX-APIKEY", apiKey);
        return request;
    }
}
