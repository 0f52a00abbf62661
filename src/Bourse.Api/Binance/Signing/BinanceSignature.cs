using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bourse.Api.Binance;

/// <summary>
/// HMAC-SHA256 request signatures. REST signs the raw query string followed directly by the raw body, exactly as
/// sent (CCXT puts <c>timestamp</c> first, python-binance sorts), with the <c>signature</c> parameter taken out.
/// The WebSocket API signs its params sorted by name and joined <c>k=v&amp;…</c>. Either case of hex is accepted and
/// the comparison takes the same time whatever the bytes.
/// </summary>
public static class BinanceSignature
{
    public const string ParameterName = "signature";
    private const int HashSize = 32;

    /// <summary>Whether <paramref name="signatureHex"/> signs this request's query string and body.</summary>
    public static bool IsValid(string secret, string? rawQueryString, string? rawBody, string? signatureHex) =>
        Matches(secret, SignedPayload(rawQueryString, rawBody), signatureHex);

    /// <summary>Whether <paramref name="signatureHex"/> signs these WebSocket API params (any <c>signature</c> among them is ignored).</summary>
    public static bool IsValidWebSocket(string secret, IEnumerable<KeyValuePair<string, string>> parameters, string? signatureHex) =>
        Matches(secret, WebSocketPayload(parameters), signatureHex);

    /// <summary>The signed bytes of a REST request: query string (without a leading '?') then body, minus <c>signature</c>.</summary>
    public static string SignedPayload(string? rawQueryString, string? rawBody)
    {
        var query = rawQueryString ?? "";
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        return WithoutSignature(query) + WithoutSignature(rawBody ?? "");
    }

    /// <summary>The signed text of a WebSocket API request: params minus <c>signature</c>, sorted by name, joined k=v&amp;….</summary>
    public static string WebSocketPayload(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sorted = parameters.Where(p => p.Key != ParameterName).OrderBy(p => p.Key, StringComparer.Ordinal);
        return string.Join('&', sorted.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>
    /// A WebSocket API <c>params</c> object as name/text pairs: strings by value, numbers and literals as written
    /// (so <c>0.01000000</c> stays exactly that).
    /// </summary>
    public static List<KeyValuePair<string, string>> WebSocketParameters(JsonElement parameters)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var property in parameters.EnumerateObject())
        {
            var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            result.Add(new(property.Name, text));
        }

        return result;
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="payload"/> under <paramref name="secret"/>.</summary>
    public static string Compute(string secret, string payload)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(payload);
        Span<byte> hash = stackalloc byte[HashSize];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload), hash);
        return Convert.ToHexStringLower(hash);
    }

    private static bool Matches(string secret, string payload, string? signatureHex)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (signatureHex is null || signatureHex.Length != HashSize * 2)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HashSize];
        if (Convert.FromHexString(signatureHex, given, out _, out var written) != OperationStatus.Done || written != HashSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HashSize];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload), expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Drops every <c>signature=…</c> segment and keeps the rest byte for byte.</summary>
    private static string WithoutSignature(string raw)
    {
        if (!raw.Contains(ParameterName, StringComparison.Ordinal))
        {
            return raw;
        }

        var kept = raw.Split('&').Where(segment => !IsSignature(segment));
        return string.Join('&', kept);
    }

    private static bool IsSignature(string segment)
    {
        var equals = segment.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? segment : segment[..equals];
        return name == ParameterName;
    }
}
