namespace Bourse.Identity;

/// <summary>Forgot / reset password by an emailed single-use token, and change password while signed in.</summary>
public sealed class PasswordChanges(
    IdentityTables tables,
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
    public void Forgot(string? email, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (EmailAddresses.Normalize(email) is not { } normalized || tables.Users.FindByEmail(normalized) is not { } user)
        {
            return;
        }

        var token = OpaqueTokens.New();
        tables.EmailTokens.Invalidate(user.Id, ResetPurpose, Now);
        tables.EmailTokens.Add(OpaqueTokens.Hash(token), user.Id, ResetPurpose, Now, Now + (long)options.PasswordResetLifetime.TotalMilliseconds);
        tables.Audit.Add(user.Id, AuditTypes.PasswordResetRequested, client.Ip, client.UserAgent, string.Empty, Now);
        mailer.Send(user.Email, "Reset your Bourse password",
            $"""
            Someone (hopefully you) asked to reset the password of your Bourse account. Choose a new one at:
            {options.PublicUrl}/reset-password?token={token}

            Or send this reset token to POST /api/v1/auth/reset-password: {token}
            The link works once and expires in {options.PasswordResetLifetime.TotalMinutes:0} minutes. If you did not ask,
            ignore this email: your password stays as it is.
            """);
    }

    /// <summary>Sets a new password with a reset token; every session of the account ends.</summary>
    public Outcome<bool> Reset(string? token, string? newPassword, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return IdentityError.InvalidToken;
        }

        // Check the password (also against the account's email) before spending the token, so a refused password
        // does not burn the link.
        var tokenHash = OpaqueTokens.Hash(token);
        var owner = tables.EmailTokens.Peek(tokenHash, ResetPurpose, Now) is { } ownerId ? tables.Users.Find(ownerId) : null;
        if (PasswordPolicy.Check(newPassword, owner?.Email) is { } weak)
        {
            return IdentityError.WeakPassword(weak);
        }

        if (tables.EmailTokens.Consume(tokenHash, ResetPurpose, Now) is not { } userId || tables.Users.Find(userId) is not { } user)
        {
            return IdentityError.InvalidToken;
        }

        tables.Users.SetPassword(userId, passwords.Hash(newPassword!), Now);
        tables.Sessions.RevokeAll(userId, "password_reset", Now);
        tables.LoginFailures.Clear(user.Email);
        tables.Audit.Add(userId, AuditTypes.PasswordReset, client.Ip, client.UserAgent, string.Empty, Now);
        mailer.Send(user.Email, "Your Bourse password was changed",
            "The password of your Bourse account was just reset and every session was signed out. If this was not you, reset it again now and contact support.");
        return true;
    }

    /// <summary>Changes the password of a signed-in user (current password, and the second factor if on); other sessions end.</summary>
    public Outcome<bool> Change(long userId, string currentSessionId, string? currentPassword, string? newPassword, string? code, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (tables.Users.Find(userId) is not { } user)
        {
            return IdentityError.NotFound;
        }

        if (reentry.Check(user, currentPassword, client, "password change") is { } wrong)
        {
            return wrong;
        }

        if (PasswordPolicy.Check(newPassword, user.Email) is { } weak)
        {
            return IdentityError.WeakPassword(weak);
        }

        if (secondFactor.Require(userId, code, client) is { } error)
        {
            return error;
        }

        tables.Users.SetPassword(userId, passwords.Hash(newPassword!), Now);
        tables.Sessions.RevokeAll(userId, "password_changed", Now, currentSessionId);
        tables.Audit.Add(userId, AuditTypes.PasswordChanged, client.Ip, client.UserAgent, string.Empty, Now);
        mailer.Send(user.Email, "Your Bourse password was changed",
            "The password of your Bourse account was just changed and your other sessions were signed out. If this was not you, reset it now.");
        return true;
    }
}
