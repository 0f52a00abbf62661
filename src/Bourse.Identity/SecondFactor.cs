using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Identity;

/// <summary>
/// TOTP enrollment and checks. The shared secret is encrypted at rest (verifying a code needs it back); a code is
/// accepted once — its time step is recorded atomically — and a recovery code works once. As in
/// <see cref="Accounts"/>, a caller's cancellation stops only the reads before the first change.
/// </summary>
public sealed class SecondFactor(IUserStore users, IRecoveryCodeStore recoveryCodes, ISessionStore sessions, IAuditLog audit,
    AttemptLimiter attempts, PasswordReentry reentry, IMailer mailer, IDataProtectionProvider protection, IdentityOptions options, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Bourse.Totp.v1");

    public bool IsRequired(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.TwoFactorRequired || options.RequireTwoFactor;
    }

    /// <summary>Starts (or restarts) enrollment: a new secret, its otpauth URI and a QR code of it.</summary>
    public async Task<Outcome<TotpEnrollment>> BeginAsync(long userId, ClientInfo client, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return IdentityError.NotFound;
        }

        if (user.TotpEnabled)
        {
            return IdentityError.TwoFactorAlreadyEnabled;
        }

        var secret = TotpCodes.NewSecret();
        if (!await users.SetPendingTotpSecretAsync(userId, _protector.Protect(TotpCodes.ToBase32(secret)), CancellationToken.None).ConfigureAwait(false))
        {
            return IdentityError.TwoFactorAlreadyEnabled;
        }

        var uri = TotpCodes.Uri(secret, user.Email);
        return new TotpEnrollment(TotpCodes.ToBase32(secret), uri, TotpCodes.QrSvg(uri));
    }

    /// <summary>
    /// Turns 2FA on with a first valid code and the account password — a stolen session alone must not be able to
    /// bind the account to the thief's authenticator. Other sessions end; the owner is told by email. Returns the
    /// recovery codes, shown only now.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<string>>> ConfirmAsync(long userId, string sessionId, string? code, string? password, ClientInfo client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var user = await users.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return IdentityError.NotFound;
        }

        if (user.TotpEnabled)
        {
            return IdentityError.TwoFactorAlreadyEnabled;
        }

        if (user.TotpSecret is null)
        {
            return IdentityError.TwoFactorNotStarted;
        }

        if (await reentry.CheckAsync(user, password, client, "2FA enrollment").ConfigureAwait(false) is { } wrong)
        {
            return wrong;
        }

        if (TotpCodes.Verify(Secret(user), code, time.GetUtcNow()) is not { } step
            || !await users.EnableTotpAsync(userId, step, CancellationToken.None).ConfigureAwait(false))
        {
            return IdentityError.InvalidTwoFactorCode;
        }

        var codes = await NewRecoveryCodesAsync(userId).ConfigureAwait(false);
        var ended = await sessions.RevokeAllAsync(userId, "two_factor_enabled", Now, sessionId, CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.TwoFactorEnabled, client.Ip, client.UserAgent, $"{ended} other sessions ended", Now, CancellationToken.None)
            .ConfigureAwait(false);
        await mailer.SendAsync(user.Email, "Two-factor authentication is on",
            $"Two-factor authentication was just turned on for your Bourse account (from {client.Ip}) and your other sessions were signed out. If this was not you, reset your password at {options.PublicUrl}/forgot-password and contact support.",
            CancellationToken.None).ConfigureAwait(false);
        return new Outcome<IReadOnlyList<string>>(codes, null);
    }

    public async Task<Outcome<bool>> DisableAsync(long userId, string? code, ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (user, notOn) = await WithTwoFactorOnAsync(userId, cancellationToken).ConfigureAwait(false);
        if ((notOn ?? (IsRequired(user!) ? IdentityError.TwoFactorMandatory : null) ?? await StepUpAsync(user!, code, client).ConfigureAwait(false)) is { } error)
        {
            return error;
        }

        await users.DisableTotpAsync(userId, CancellationToken.None).ConfigureAwait(false);
        await recoveryCodes.DeleteAsync(userId, CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.TwoFactorDisabled, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    public async Task<Outcome<IReadOnlyList<string>>> RegenerateRecoveryCodesAsync(long userId, string? code, ClientInfo client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (user, notOn) = await WithTwoFactorOnAsync(userId, cancellationToken).ConfigureAwait(false);
        if ((notOn ?? await StepUpAsync(user!, code, client).ConfigureAwait(false)) is { } error)
        {
            return error;
        }

        var codes = await NewRecoveryCodesAsync(userId).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.RecoveryCodesRegenerated, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None)
            .ConfigureAwait(false);
        return new Outcome<IReadOnlyList<string>>(codes, null);
    }

    /// <summary>
    /// For an action that needs the second factor when the user has one (API keys, security changes, withdrawals):
    /// null when allowed, otherwise why not.
    /// </summary>
    public async Task<IdentityError?> RequireAsync(long userId, string? code, ClientInfo client, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return IdentityError.NotFound;
        }

        return user.TotpEnabled ? await StepUpAsync(user, code, client).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// A code asked for by a signed-in user before a sensitive action. Wrong codes count towards a lock per user, so a
    /// stolen session cannot try a million codes; sign-in codes are counted by the sign-in lockout instead.
    /// </summary>
    private async Task<IdentityError?> StepUpAsync(UserRecord user, string? code, ClientInfo client)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return IdentityError.TwoFactorRequired;
        }

        var key = AttemptLimiter.SecondFactorKey(user.Id);
        if (await attempts.BeginAsync(key).ConfigureAwait(false) is { } locked)
        {
            await audit.AddAsync(user.Id, AuditTypes.TwoFactorFailed, client.Ip, client.UserAgent, "refused while locked", Now, CancellationToken.None)
                .ConfigureAwait(false);
            return locked;
        }

        if (await CheckAsync(user, code, client).ConfigureAwait(false) is { } wrong)
        {
            await audit.AddAsync(user.Id, AuditTypes.TwoFactorFailed, client.Ip, client.UserAgent, "wrong code", Now, CancellationToken.None)
                .ConfigureAwait(false);
            return wrong;
        }

        await attempts.SucceededAsync(key).ConfigureAwait(false);
        return null;
    }

    /// <summary>Checks a TOTP code or a recovery code against a user with 2FA on; null when it is good (and now spent).</summary>
    internal async Task<IdentityError?> CheckAsync(UserRecord user, string? code, ClientInfo client)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return IdentityError.TwoFactorRequired;
        }

        var trimmed = code.Trim();
        if (trimmed.Length == 6 && trimmed.All(char.IsAsciiDigit))
        {
            return TotpCodes.Verify(Secret(user), trimmed, time.GetUtcNow()) is { } step
                && await users.TryUseTotpStepAsync(user.Id, step, CancellationToken.None).ConfigureAwait(false)
                ? null
                : IdentityError.InvalidTwoFactorCode;
        }

        if (RecoveryCodes.Hash(trimmed) is { } hash && await recoveryCodes.UseAsync(user.Id, hash, Now, CancellationToken.None).ConfigureAwait(false))
        {
            var left = await recoveryCodes.RemainingAsync(user.Id, CancellationToken.None).ConfigureAwait(false);
            await audit.AddAsync(user.Id, AuditTypes.RecoveryCodeUsed, client.Ip, client.UserAgent, $"{left} left", Now, CancellationToken.None)
                .ConfigureAwait(false);
            return null;
        }

        return IdentityError.InvalidTwoFactorCode;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Finds the user; an error unless they exist and have 2FA on.</summary>
    private async Task<(UserRecord? User, IdentityError? Error)> WithTwoFactorOnAsync(long userId, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        return (user, user is null ? IdentityError.NotFound : user.TotpEnabled ? null : IdentityError.TwoFactorNotEnabled);
    }

    private byte[] Secret(UserRecord user) => TotpCodes.FromBase32(_protector.Unprotect(user.TotpSecret!));

    private async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(long userId)
    {
        var codes = RecoveryCodes.Generate();
        await recoveryCodes.ReplaceAsync(userId, codes.Select(c => RecoveryCodes.Hash(c)!), CancellationToken.None).ConfigureAwait(false);
        return codes;
    }
}

/// <summary>A started enrollment: the secret (for manual entry), the otpauth URI and an SVG QR code of it.</summary>
public sealed record TotpEnrollment(string Secret, string OtpauthUri, string QrSvg);
