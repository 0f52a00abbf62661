using Bourse.Store.Identity;

namespace Bourse.Identity;

/// <summary>
/// A signed-in user typing the password again before a sensitive change. It counts like signing in (same per-email
/// lock), so a stolen session cannot guess the password at request speed.
/// </summary>
public sealed class PasswordReentry(IdentityTables tables, AttemptLimiter attempts, PasswordHashing passwords, TimeProvider time)
{
    /// <summary>Null when the password is right; otherwise the lock or <see cref="IdentityError.InvalidCredentials"/>.</summary>
    public IdentityError? Check(UserRecord user, string? password, ClientInfo client, string purpose)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(client);
        if (attempts.Begin(user.Email) is { } locked)
        {
            return locked;
        }

        if (string.IsNullOrEmpty(password) || password.Length > 1024 || !passwords.Verify(user.PasswordHash, password).Matches)
        {
            tables.Audit.Add(user.Id, AuditTypes.LoginFailed, client.Ip, client.UserAgent, $"wrong password ({purpose})",
                time.GetUtcNow().ToUnixTimeMilliseconds());
            return IdentityError.InvalidCredentials;
        }

        attempts.Succeeded(user.Email);
        return null;
    }
}
