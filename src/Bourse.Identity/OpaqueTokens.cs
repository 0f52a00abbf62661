using System.Security.Cryptography;
using System.Text;

namespace Bourse.Identity;

/// <summary>
/// Random bearer values (refresh tokens, email links, session ids) and the hashes they are stored as. They carry 256
/// bits of entropy, so one SHA-256 is enough: there is nothing to brute-force, and a leaked table reveals no token.
/// </summary>
public static class OpaqueTokens
{
    public static string New(int bytes = 32) => Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares two strings without an early exit, so the time taken says nothing about where they differ.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
