namespace Bourse.Server.Wallet;

/// <summary>
/// How one user sees another's email: enough to recognise a known contact (first letter and domain), not enough to
/// harvest addresses — <c>alice@example.com</c> is <c>a***@example.com</c>.
/// </summary>
public static class MaskedEmail
{
    public static string Of(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }
}
