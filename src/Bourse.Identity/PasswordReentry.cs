namespace Bourse.Identity;

/// <summary>
/// A signed-in user typing the password again before a sensitive change. It counts like signing in (same per-email
/// lock), so a stolen session cannot guess the password at request speed.
/// </summary>
public sealed class PasswordReentry(IAuditLog audit, AttemptLimiter attempts, PasswordHashing passwords, TimeProvider time)
{
    /// <summary>Null when the password is right; otherwise the lock or <see cref="IdentityError.InvalidCredentials"/>.</summary>
    public async Task<IdentityError?> CheckAsync(UserRecord user, string? password, ClientInfo client, string purpose)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(client);
        if (await attempts.BeginAsync(user.Email).ConfigureAwait(false) is { } locked)
        {
            return locked;
        }

        if (string.IsNullOrEmpty(password) || password.Length > 1024 || !passwords.Verify(user.PasswordHash, password).Matches)
        {
            await audit.AddAsync(user.Id, AuditTypes.LoginFailed, client.Ip, client.UserAgent, $"wrong password ({purpose})",
                time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None).ConfigureAwait(false);
            return IdentityError.InvalidCredentials;
        }

        await attempts.SucceededAsync(user.Email).ConfigureAwait(false);
        return null;
    }
}
