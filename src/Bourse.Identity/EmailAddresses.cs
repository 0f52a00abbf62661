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

    /// <summary>
    /// The normalized address, or null when it is not a plain address (no display names, no routes, no spaces): the
    /// delivery form (<see cref="ForDelivery"/>) lower-cased, so <c>Ann@München.de</c> and <c>ann@xn--mnchen-3ya.de</c>
    /// are one account, and every address an account is stored under can be mailed.
    /// </summary>
    public static string? Normalize(string? email) =>
        ForDelivery(email)?.ToLowerInvariant() is { } lower && ForDelivery(lower) == lower ? lower : null;

    /// <summary>
    /// The address as SMTP takes it: trimmed, the domain in its ASCII form (an internationalized domain such as
    /// <c>münchen.de</c> or <c>банк.рф</c> in punycode, by <see cref="IdnMapping"/>) and lower-cased, the local part
    /// as given; null when it is not a plain address. The outbox accepts exactly these.
    /// </summary>
    public static string? ForDelivery(string? email)
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
            // Lower-cased first: IdnMapping under invariant globalization does not fold non-ASCII letters, and
            // "БАНК.рф" and "банк.рф" must be one spelling.
            domain = Idn.GetAscii(trimmed[(at + 1)..].ToLowerInvariant()).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var address = trimmed[..at] + "@" + domain;
        if (!domain.Contains('.', StringComparison.Ordinal) || !MailAddress.TryCreate(address, out var parsed) ||
            !string.Equals(parsed.Address, address, StringComparison.Ordinal) || !string.IsNullOrEmpty(parsed.DisplayName))
        {
            return null;
        }

        return address.Length <= MaxLength ? address : null;
    }
}
