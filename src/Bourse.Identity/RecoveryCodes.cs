using System.Security.Cryptography;

namespace Bourse.Identity;

/// <summary>
/// One-time 2FA recovery codes: ten codes of ten characters from an alphabet without look-alikes (about 50 bits
/// each), shown once and stored only as hashes. Typed codes are normalized (case, dashes, spaces) before hashing.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static IReadOnlyList<string> Generate()
    {
        var codes = new List<string>(Count);
        for (var i = 0; i < Count; i++)
        {
            var code = RandomNumberGenerator.GetString(Alphabet, 10);
            codes.Add($"{code[..5]}-{code[5..]}");
        }

        return codes;
    }

    /// <summary>The hash of a typed code, or null when it cannot be a recovery code.</summary>
    public static string? Hash(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var compact = typed.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return compact.Length == 10 && compact.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? OpaqueTokens.Hash(compact) : null;
    }
}
