namespace Bourse.Identity;

/// <summary>
/// Forgot / reset password by an emailed single-use token, and change password while signed in. Once a change starts
/// it runs to the end (see <see cref="Accounts"/>), so the sessions that must end do end.
/// </summary>
public sealed class PasswordChanges(
    IUserStore users,
    ISessionStore sessions,
    IEmailTokenStore emailTokens,
    ILoginFailureStore loginFailures,
    IAuditLog audit,
    PasswordReentry reentry,
    PasswordHashing passwords,
    SecondFactor secondFactor,
    IMailer mailer,
    IdentityOptions options,
    TimeProvider time)
{
    public const string ResetPurpose = "reset";

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Emails a reset link if the address has an account; silently does nothing otherwise. Callers run this off the
    /// request (the server answers 202 at once), so response times cannot tell the two cases apart.
    /// </summary>
    public async Task ForgotAsync(string? email, ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (EmailAddresses.Normalize(email) is not { } normalized || await users.FindByEmailAsync(normalized, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return;
        }

        var token = OpaqueTokens.New();
        await emailTokens.InvalidateAsync(user.Id, ResetPurpose, Now, CancellationToken.None).ConfigureAwait(false);
        await emailTokens.AddAsync(OpaqueTokens.Hash(token), user.Id, ResetPurpose, Now, Now + (long)options.PasswordResetLifetime.TotalMilliseconds, CancellationToken.None)
            .ConfigureAwait(false);
        await audit.AddAsync(user.Id, AuditTypes.PasswordResetRequested, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None).ConfigureAwait(false);
        await mailer.SendAsync(user.Email, "Reset your Bourse password",
            $"""
            Someone (hopefully you) asked to reset the password of your Bourse account. Choose a new one at:
            {options.PublicUrl}/reset-password?token={token}

            Or send this reset token to POST /api/v1/auth/reset-password: {token}
            The link works once and expires in {options.PasswordResetLifetime.TotalMinutes:0} minutes. If you did not ask,
            ignore this email: your password stays as it is.
            """, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Support forces a password reset: sign-in is refused (<see cref="IdentityError.PasswordResetRequired"/>) until a
    /// reset link is used, every session ends, and the user is emailed a fresh link. False for an unknown user.
    /// </summary>
    public async Task<bool> ForceResetAsync(long userId, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!await users.SetPasswordResetRequiredAsync(userId, true, CancellationToken.None).ConfigureAwait(false)
            || await users.FindAsync(userId, CancellationToken.None).ConfigureAwait(false) is not { } user)
        {
            return false;
        }

        await sessions.RevokeAllAsync(userId, "password_reset_forced", Now, null, CancellationToken.None).ConfigureAwait(false);
        var token = OpaqueTokens.New();
        await emailTokens.InvalidateAsync(userId, ResetPurpose, Now, CancellationToken.None).ConfigureAwait(false);
        await emailTokens.AddAsync(OpaqueTokens.Hash(token), userId, ResetPurpose, Now, Now + (long)options.PasswordResetLifetime.TotalMilliseconds, CancellationToken.None)
            .ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.PasswordResetForced, client.Ip, client.UserAgent, "by support; every session signed out", Now, CancellationToken.None)
            .ConfigureAwait(false);
        await mailer.SendAsync(user.Email, "Choose a new Bourse password",
            $"""
            Bourse support asked for a new password on your account and signed out every session. Choose a new one at:
            {options.PublicUrl}/reset-password?token={token}

            Or send this reset token to POST /api/v1/auth/reset-password: {token}
            The link works once and expires in {options.PasswordResetLifetime.TotalMinutes:0} minutes; ask for another at
            {options.PublicUrl}/forgot-password. You cannot sign in until the password is reset.
            """, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sets a new password with a reset token; every session of the account ends.</summary>
    public async Task<Outcome<bool>> ResetAsync(string? token, string? newPassword, ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return IdentityError.InvalidToken;
        }

        // Check the password (also against the account's email) before spending the token, so a refused password
        // does not burn the link.
        var tokenHash = OpaqueTokens.Hash(token);
        var owner = await emailTokens.PeekAsync(tokenHash, ResetPurpose, Now, cancellationToken).ConfigureAwait(false) is { } ownerId
            ? await users.FindAsync(ownerId, cancellationToken).ConfigureAwait(false)
            : null;
        if (PasswordPolicy.Check(newPassword, owner?.Email) is { } weak)
        {
            return IdentityError.WeakPassword(weak);
        }

        if (await emailTokens.ConsumeAsync(tokenHash, ResetPurpose, Now, CancellationToken.None).ConfigureAwait(false) is not { } userId
            || await users.FindAsync(userId, CancellationToken.None).ConfigureAwait(false) is not { } user)
        {
            return IdentityError.InvalidToken;
        }

        await users.SetPasswordAsync(userId, passwords.Hash(newPassword!), Now, CancellationToken.None).ConfigureAwait(false);
        await sessions.RevokeAllAsync(userId, "password_reset", Now, null, CancellationToken.None).ConfigureAwait(false);
        await loginFailures.ClearAsync(user.Email, CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.PasswordReset, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None).ConfigureAwait(false);
        await mailer.SendAsync(user.Email, "Your Bourse password was changed",
            "The password of your Bourse account was just reset and every session was signed out. If this was not you, reset it again now and contact support.",
            CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>Changes the password of a signed-in user (current password, and the second factor if on); other sessions end.</summary>
    public async Task<Outcome<bool>> ChangeAsync(long userId, string currentSessionId, string? currentPassword, string? newPassword, string? code,
        ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await users.FindAsync(userId, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return IdentityError.NotFound;
        }

        if (await reentry.CheckAsync(user, currentPassword, client, "password change").ConfigureAwait(false) is { } wrong)
        {
            return wrong;
        }

        if (PasswordPolicy.Check(newPassword, user.Email) is { } weak)
        {
            return IdentityError.WeakPassword(weak);
        }

        if (await secondFactor.RequireAsync(userId, code, client, CancellationToken.None).ConfigureAwait(false) is { } error)
        {
            return error;
        }

        await users.SetPasswordAsync(userId, passwords.Hash(newPassword!), Now, CancellationToken.None).ConfigureAwait(false);
        await sessions.RevokeAllAsync(userId, "password_changed", Now, currentSessionId, CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.PasswordChanged, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None).ConfigureAwait(false);
        await mailer.SendAsync(user.Email, "Your Bourse password was changed",
            "The password of your Bourse account was just changed and your other sessions were signed out. If this was not you, reset it now.",
            CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
