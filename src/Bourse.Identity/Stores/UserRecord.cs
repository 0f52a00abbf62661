namespace Bourse.Identity;

/// <summary>A user as stored. <see cref="TotpSecret"/> is encrypted; it is set (pending) before 2FA is enabled.</summary>
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
    long PasswordChangedAt);
