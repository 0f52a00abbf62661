namespace Bourse.Identity;

/// <summary>
/// Why an identity operation was refused: an HTTP status, a stable machine-readable code and a message safe to show.
/// Messages never say whether an email has an account.
/// </summary>
public sealed record IdentityError(int Status, string Code, string Detail, TimeSpan? RetryAfter = null)
{
    public static readonly IdentityError InvalidCredentials = new(401, "invalid_credentials", "The email or password is wrong.");
    public static readonly IdentityError TwoFactorRequired = new(401, "two_factor_required", "Enter the code from your authenticator app (or a recovery code).");
    public static readonly IdentityError InvalidTwoFactorCode = new(401, "invalid_two_factor_code", "The two-factor code is wrong, expired or already used.");
    public static readonly IdentityError InvalidRefreshToken = new(401, "invalid_refresh_token", "The refresh token is unknown or expired; sign in again.");
    public static readonly IdentityError RefreshTokenReused = new(401, "refresh_token_reused", "This refresh token was already used; the session has been revoked for safety. Sign in again.");
    public static readonly IdentityError SessionExpired = new(401, "session_expired", "The session has ended; sign in again.");
    public static readonly IdentityError InvalidToken = new(400, "invalid_token", "The link is invalid, expired or already used.");
    public static readonly IdentityError InvalidEmail = new(400, "invalid_email", "Enter a valid email address.");
    public static readonly IdentityError TwoFactorAlreadyEnabled = new(409, "two_factor_already_enabled", "Two-factor authentication is already on.");
    public static readonly IdentityError TwoFactorNotEnabled = new(409, "two_factor_not_enabled", "Two-factor authentication is off.");
    public static readonly IdentityError TwoFactorNotStarted = new(409, "two_factor_not_started", "Start enrollment first.");
    public static readonly IdentityError TwoFactorMandatory = new(403, "two_factor_mandatory", "Two-factor authentication is required for this account and cannot be turned off.");
    public static readonly IdentityError AccountFrozen = new(403, "account_frozen", "This account is frozen: sign-in and its API keys are suspended. Contact support.");
    public static readonly IdentityError PasswordResetRequired = new(403, "password_reset_required", "Support asked for a new password on this account: use the reset link we emailed you (or ask for a new one at /forgot-password), then sign in.");
    public static readonly IdentityError NotFound = new(404, "not_found", "No such resource.");

    public static IdentityError WeakPassword(string reason) => new(400, "weak_password", reason);

    public static IdentityError Locked(TimeSpan retryAfter) =>
        new(429, "account_locked", "Too many failed sign-ins; try again later.", retryAfter);
}

/// <summary>A value or the reason there is none.</summary>
public readonly record struct Outcome<T>(T? Value, IdentityError? Error)
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(IdentityError error) => new(default, error);
}
