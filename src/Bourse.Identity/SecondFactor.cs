using Bourse.Store.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Identity;

/// <summary>
/// TOTP enrollment and checks. The shared secret is encrypted at rest (verifying a code needs it back); a code is
/// accepted once — its time step is recorded atomically — and a recovery code works once.
/// </summary>
public sealed class SecondFactor(IdentityTables tables, AttemptLimiter attempts, PasswordReentry reentry, IMailer mailer,
    IDataProtectionProvider protection, IdentityOptions options, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Bourse.Totp.v1");

    public bool IsRequired(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.TwoFactorRequired || options.RequireTwoFactor;
    }

    /// <summary>Starts (or restarts) enrollment: a new secret, its otpauth URI and a QR code of it.</summary>
    public Outcome<TotpEnrollment> Begin(long userId, ClientInfo client)
    {
        var user = tables.Users.Find(userId);
        if (user is null)
        {
            return IdentityError.NotFound;
        }

        if (user.TotpEnabled)
        {
            return IdentityError.TwoFactorAlreadyEnabled;
        }

        var secret = TotpCodes.NewSecret();
        if (!tables.Users.SetPendingTotpSecret(userId, _protector.Protect(TotpCodes.ToBase32(secret))))
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
    public Outcome<IReadOnlyList<string>> Confirm(long userId, string sessionId, string? code, string? password, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var user = tables.Users.Find(userId);
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

        if (reentry.Check(user, password, client, "2FA enrollment") is { } wrong)
        {
            return wrong;
        }

        if (TotpCodes.Verify(Secret(user), code, time.GetUtcNow()) is not { } step || !tables.Users.EnableTotp(userId, step))
        {
            return IdentityError.InvalidTwoFactorCode;
        }

        var codes = NewRecoveryCodes(userId);
        var ended = tables.Sessions.RevokeAll(userId, "two_factor_enabled", Now, sessionId);
        tables.Audit.Add(userId, AuditTypes.TwoFactorEnabled, client.Ip, client.UserAgent, $"{ended} other sessions ended", Now);
        mailer.Send(user.Email, "Two-factor authentication is on",
            $"Two-factor authentication was just turned on for your Bourse account (from {client.Ip}) and your other sessions were signed out. If this was not you, reset your password at {options.PublicUrl}/forgot-password and contact support.");
        return new Outcome<IReadOnlyList<string>>(codes, null);
    }

    public Outcome<bool> Disable(long userId, string? code, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if ((WithTwoFactorOn(userId, out var user) ?? (IsRequired(user!) ? IdentityError.TwoFactorMandatory : null) ?? StepUp(user!, code, client)) is { } error)
        {
            return error;
        }

        tables.Users.DisableTotp(userId);
        tables.RecoveryCodes.Delete(userId);
        tables.Audit.Add(userId, AuditTypes.TwoFactorDisabled, client.Ip, client.UserAgent, string.Empty, Now);
        return true;
    }

    public Outcome<IReadOnlyList<string>> RegenerateRecoveryCodes(long userId, string? code, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if ((WithTwoFactorOn(userId, out var user) ?? StepUp(user!, code, client)) is { } error)
        {
            return error;
        }

        var codes = NewRecoveryCodes(userId);
        tables.Audit.Add(userId, AuditTypes.RecoveryCodesRegenerated, client.Ip, client.UserAgent, string.Empty, Now);
        return new Outcome<IReadOnlyList<string>>(codes, null);
    }

    /// <summary>
    /// For an action that needs the second factor when the user has one (API keys, security changes, withdrawals):
    /// null when allowed, otherwise why not.
    /// </summary>
    public IdentityError? Require(long userId, string? code, ClientInfo client)
    {
        var user = tables.Users.Find(userId);
        if (user is null)
        {
            return IdentityError.NotFound;
        }

        return user.TotpEnabled ? StepUp(user, code, client) : null;
    }

    /// <summary>
    /// A code asked for by a signed-in user before a sensitive action. Wrong codes count towards a lock per user, so a
    /// stolen session cannot try a million codes; sign-in codes are counted by the sign-in lockout instead.
    /// </summary>
    private IdentityError? StepUp(UserRecord user, string? code, ClientInfo client)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return IdentityError.TwoFactorRequired;
        }

        var key = AttemptLimiter.SecondFactorKey(user.Id);
        if (attempts.Begin(key) is { } locked)
        {
            tables.Audit.Add(user.Id, AuditTypes.TwoFactorFailed, client.Ip, client.UserAgent, "refused while locked", Now);
            return locked;
        }

        if (Check(user, code, client) is { } wrong)
        {
            tables.Audit.Add(user.Id, AuditTypes.TwoFactorFailed, client.Ip, client.UserAgent, "wrong code", Now);
            return wrong;
        }

        attempts.Succeeded(key);
        return null;
    }

    /// <summary>Checks a TOTP code or a recovery code against a user with 2FA on; null when it is good (and now spent).</summary>
    internal IdentityError? Check(UserRecord user, string? code, ClientInfo client)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return IdentityError.TwoFactorRequired;
        }

        var trimmed = code.Trim();
        if (trimmed.Length == 6 && trimmed.All(char.IsAsciiDigit))
        {
            return TotpCodes.Verify(Secret(user), trimmed, time.GetUtcNow()) is { } step && tables.Users.TryUseTotpStep(user.Id, step)
                ? null
                : IdentityError.InvalidTwoFactorCode;
        }

        if (RecoveryCodes.Hash(trimmed) is { } hash && tables.RecoveryCodes.Use(user.Id, hash, Now))
        {
            tables.Audit.Add(user.Id, AuditTypes.RecoveryCodeUsed, client.Ip, client.UserAgent,
                $"{tables.RecoveryCodes.Remaining(user.Id)} left", Now);
            return null;
        }

        return IdentityError.InvalidTwoFactorCode;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Finds the user; an error unless they exist and have 2FA on.</summary>
    private IdentityError? WithTwoFactorOn(long userId, out UserRecord? user)
    {
        user = tables.Users.Find(userId);
        return user is null ? IdentityError.NotFound : user.TotpEnabled ? null : IdentityError.TwoFactorNotEnabled;
    }

    private byte[] Secret(UserRecord user) => TotpCodes.FromBase32(_protector.Unprotect(user.TotpSecret!));

    private IReadOnlyList<string> NewRecoveryCodes(long userId)
    {
        var codes = RecoveryCodes.Generate();
        tables.RecoveryCodes.Replace(userId, codes.Select(c => RecoveryCodes.Hash(c)!));
        return codes;
    }
}

/// <summary>A started enrollment: the secret (for manual entry), the otpauth URI and an SVG QR code of it.</summary>
public sealed record TotpEnrollment(string Secret, string OtpauthUri, string QrSvg);
