using System.Reflection;
using System.Text;

namespace Bourse.Identity;

/// <summary>
/// What a new password must be (NIST SP 800-63B): long enough, not absurdly long, and not one of the passwords every
/// credential-stuffing list starts with — including the usual disguises (capitals, digits or symbols at the ends,
/// leetspeak) and the user's own email. No composition rules: they make passwords worse, not stronger.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    private static readonly HashSet<string> Common = LoadCommon();

    /// <summary>Null when acceptable; otherwise the reason, safe to show the user.</summary>
    public static string? Check(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A password is required.";
        }

        var length = password.EnumerateRunes().Count();
        if (length < MinLength)
        {
            return $"Use at least {MinLength} characters.";
        }

        if (length > MaxLength)
        {
            return $"Use at most {MaxLength} characters.";
        }

        if (password.EnumerateRunes().Distinct().Count() < 4)
        {
            return "Use more different characters.";
        }

        var lower = password.ToLowerInvariant();
        if (Common.Contains(lower) || BaseWords(lower).Any(Common.Contains) || IsSequence(lower))
        {
            return "This password appears in lists of breached passwords; choose another.";
        }

        var localPart = email?.Split('@')[0].ToLowerInvariant();
        if (localPart is { Length: >= 4 } && lower.Contains(localPart, StringComparison.Ordinal))
        {
            return "Do not use your email address in your password.";
        }

        return null;
    }

    /// <summary>
    /// The word under the disguise: digits and symbols stripped from both ends and common substitutions undone, in
    /// two orders: a trailing "123!" must go before substituting ('1' is also an 'i'), a leading "$" or "4" must be
    /// substituted before stripping ("$uperman2024", "4dmin!").
    /// </summary>
    internal static IEnumerable<string> BaseWords(string lower)
    {
        yield return Substitute(Strip(lower));
        yield return Strip(Substitute(lower.TrimEnd(Decorations)));
    }

    private static readonly char[] Decorations = "0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray();

    private static string Strip(string text) => text.Trim(Decorations);

    private static string Substitute(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch { '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '@' => 'a', '$' => 's', _ => c });
        }

        return builder.ToString();
    }

    private static bool IsSequence(string lower)
    {
        var ascending = true;
        var descending = true;
        for (var i = 1; i < lower.Length; i++)
        {
            ascending &= lower[i] == lower[i - 1] + 1;
            descending &= lower[i] == lower[i - 1] - 1;
        }

        return ascending || descending;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim());
            }
        }

        return words;
    }
}
