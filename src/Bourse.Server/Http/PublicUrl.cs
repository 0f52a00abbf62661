namespace Bourse.Server.Http;

/// <summary>
/// Where clients reach the server (<c>Bourse:PublicUrl</c>, e.g. <c>https://exchange.example.com</c>), for what must
/// name the server's address: the pages' content security policies and the OpenAPI document's <c>servers</c>. Never
/// the request's <c>Host</c> header, which the client chooses. Unset, pages name only <c>'self'</c> and the document a
/// relative server (<c>/</c>).
/// </summary>
public sealed class PublicUrl
{
    public const string Key = "Bourse:PublicUrl";

    private PublicUrl(Uri? address) => Address = address;

    /// <summary>The configured URL, or null when unset.</summary>
    public Uri? Address { get; }

    /// <summary>The OpenAPI server: the public URL without a trailing slash, or <c>/</c> (the document's own origin).</summary>
    public string ServerUrl => Address is null ? "/" : Address.AbsoluteUri.TrimEnd('/');

    /// <summary>The public origin for <c>connect-src</c> (https://host), or null when unset.</summary>
    public string? Origin => Address?.GetLeftPart(UriPartial.Authority);

    /// <summary>The public origin's WebSocket form (wss://host for https), or null when unset.</summary>
    public string? WebSocketOrigin => Address is null ? null : $"{(Address.Scheme == Uri.UriSchemeHttps ? "wss" : "ws")}://{Address.Authority}";

    /// <summary>Reads <c>Bourse:PublicUrl</c>; a value that is not an absolute http(s) URL stops the server with a message saying so.</summary>
    public static PublicUrl From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new PublicUrl(null);
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment) || !string.IsNullOrEmpty(address.UserInfo))
        {
            throw new InvalidOperationException(
                $"{Key} must be the absolute http(s) URL clients use to reach the server, such as https://exchange.example.com (no query or fragment); got '{text}'.");
        }

        return new PublicUrl(address);
    }
}
