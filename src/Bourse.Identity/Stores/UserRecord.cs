namespace Bourse.Identity;

/// <summary>
/// A user as stored. <see cref="TotpSecret"/> is encrypted; it is set (pending) before 2FA is enabled.
/// <see cref="LoginFrozen"/> refuses sign-in, refresh and the user's API keys; <see cref="RestrictionReason"/>,
/// <see cref="RestrictedBy"/> and <see cref="RestrictedAt"/> say why, by which operator and when the account's
/// restrictions were last set; <see cref="PasswordResetRequired"/> refuses sign-in until a reset link is used.
/// </summary>
public sealed record UserRecord(
    long Id,
    string Email,
    string PasswordHash,
    bool EmailVerified,
    string? TotpSecret,
    bool TotpEnabled,
    long TotpLastStep,
    bool TwoFactorRequired,
    long CreatedAt,
    long PasswordChangedAt,
    bool LoginFrozen = false,
    string? RestrictionReason = null,
    long? RestrictedBy = null,
    long? RestrictedAt = null,
    bool PasswordResetRequired = false);
