using System.Globalization;
using System.Net.Mail;

namespace Bourse.Identity;

/// <summary>
/// The one spelling an email is stored and looked up by: trimmed, lower-cased, the domain in its ASCII (punycode) form.
/// Local parts are case-insensitive in practice at every provider a user will sign up with.
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;
    private static readonly IdnMapping Idn = new();

    /// <summary>The normalized address, or null when it is not a plain address (no display names, no routes, no spaces).</summary>
    public static string? Normalize(string? email)
    {
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return null;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || at > 64)
        {
            return null;
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(trimmed[(at + 1)..]).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var normalized = trimmed[..at].ToLowerInvariant() + "@" + domain;
        if (!domain.Contains('.', StringComparison.Ordinal) || !MailAddress.TryCreate(normalized, out var parsed) ||
            !string.Equals(parsed.Address, normalized, StringComparison.Ordinal) || !string.IsNullOrEmpty(parsed.DisplayName))
        {
            return null;
        }

        return normalized.Length <= MaxLength ? normalized : null;
    }
}
