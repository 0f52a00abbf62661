using System.Text.RegularExpressions;

namespace Bourse.Server.Hosting;

/// <summary>
/// What no log line may carry: request signatures, listenKeys, API keys, bearer and other tokens, passwords and secrets,
/// wherever a message, one of its values, a scope or an exception holds them (a request line's query, a <c>/ws/</c> path,
/// a header, a JSON body). Each is replaced by <see cref="Mask"/>, keeping the name it went by.
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    /// <summary><paramref name="text"/> with every secret it holds masked; the same instance when it holds none.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = QueryParameter().Replace(text, "${name}=" + Mask);
        redacted = JsonField().Replace(redacted, "${field}" + Mask + "\"");
        redacted = Header().Replace(redacted, "${header}" + Mask);
        redacted = Credentials().Replace(redacted, "${scheme}" + Mask);
        redacted = JsonWebToken().Replace(redacted, Mask);
        redacted = ListenKey().Replace(redacted, Mask);
        redacted = ApiKeyInPath().Replace(redacted, "${path}" + Mask);
        return redacted.Equals(text, StringComparison.Ordinal) ? text : redacted;
    }

    /// <summary><c>signature=…</c>, <c>listenKey=…</c>, <c>token=…</c>, … in a query string or form body.</summary>
    [GeneratedRegex("""(?<=[?&;\s]|^)(?<name>signature|listenKey|apiKey|api_key|secretKey|secret|token|access_token|refresh_token|refreshToken|password|newPassword|currentPassword|code|recoveryCode)=[^&\s"',;]*""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryParameter();

    /// <summary><c>"password":"…"</c> and the like in a JSON body or a WebSocket API request.</summary>
    [GeneratedRegex(@"(?<field>""(?:signature|listenKey|apiKey|secretKey|secret|apiSecret|token|accessToken|refreshToken|password|newPassword|currentPassword|code|recoveryCode)""\s*:\s*"")(?:[^""\\]|\\.)*""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JsonField();

    /// <summary>A header carrying a credential, to the end of its value: <c>X-MBX-APIKEY: …</c>, <c>Authorization: …</c>, cookies.</summary>
    [GeneratedRegex("""(?<header>\b(?:X-MBX-APIKEY|Authorization|Cookie|Set-Cookie)["']?\s*[:=]\s*["']?)[^\r\n"']+""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    /// <summary>The credentials after an authentication scheme: <c>Bearer …</c>, <c>Basic …</c>.</summary>
    [GeneratedRegex("""(?<scheme>\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credentials();

    /// <summary>An access token (a JWT: base64url header, payload and signature), wherever it appears.</summary>
    [GeneratedRegex("""\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*""", RegexOptions.CultureInvariant)]
    private static partial Regex JsonWebToken();

    /// <summary>
    /// A listenKey (60 letters and digits, nothing else Bourse handles has that shape), wherever it appears: the path of
    /// <c>/ws/&lt;listenKey&gt;</c>, a <c>/stream?streams=</c> list, a keepalive's query.
    /// </summary>
    [GeneratedRegex("""(?<![A-Za-z0-9])[A-Za-z0-9]{60}(?![A-Za-z0-9])""", RegexOptions.CultureInvariant)]
    private static partial Regex ListenKey();

    /// <summary>An API key in the path of <c>/api/v1/api-keys/&lt;apiKey&gt;</c>.</summary>
    [GeneratedRegex("""(?<path>/api-keys/)[A-Za-z0-9]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyInPath();
}
