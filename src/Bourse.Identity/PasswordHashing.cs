using Microsoft.AspNetCore.Identity;

namespace Bourse.Identity;

/// <summary>
/// Password hashes from ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>: PBKDF2-HMAC-SHA512 with a random
/// salt and 100,000 iterations (its V3 format), compared in constant time, with the parameters in the hash so they can be
/// raised later (a successful sign-in then rehashes). Reviewed and maintained by Microsoft; no hand-written crypto.
/// </summary>
public sealed class PasswordHashing
{
    private static readonly object User = new();
    private readonly PasswordHasher<object> _hasher = new();
    private readonly string _dummyHash;

    public PasswordHashing()
    {
        _dummyHash = _hasher.HashPassword(User, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
    }

    public string Hash(string password) => _hasher.HashPassword(User, password);

    /// <summary>Whether the password matches, and whether the hash should be replaced with a stronger one.</summary>
    public (bool Matches, bool NeedsRehash) Verify(string hash, string password) =>
        _hasher.VerifyHashedPassword(User, hash, password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        };

    /// <summary>
    /// Spends the same work as <see cref="Verify"/> for an email that has no account, so response times do not tell
    /// which emails are registered.
    /// </summary>
    public void VerifyAgainstNothing(string password) => _hasher.VerifyHashedPassword(User, _dummyHash, password);
}
