using System.Text.Json.Serialization;
namespace Bourse.Server.Identity;

// Request and response bodies of the /api/v1 identity endpoints. Every request field is nullable: a missing field is
// answered with a problem naming it, never a binding exception.

public sealed record SignUpRequest(string? Email, string? Password);

public sealed record LoginRequest(string? Email, string? Password, string? Code);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record TokenRequest(string? Token);

public sealed record EmailRequest(string? Email);

public sealed record ResetPasswordRequest(string? Token, string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword, string? Code);

public sealed record CodeRequest(string? Code);

public sealed record ConfirmTwoFactorRequest(string? Code, string? Password);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TwoFactorPolicyRequest(bool? Required);

public sealed record AcceptedResponse(string Status);

public sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    long ExpiresIn,
    string RefreshToken,
    string SessionId,
    long UserId,
    bool TwoFactorSetupRequired);

public sealed record ProfileResponse(long Id, string Email, bool EmailVerified, bool TwoFactorEnabled, bool TwoFactorRequired, bool Admin, long CreatedAt);

public sealed record TwoFactorStatusResponse(bool Enabled, bool Required, long RecoveryCodesLeft);

public sealed record TwoFactorEnrollmentResponse(string Secret, string OtpauthUri, string QrSvg);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

public sealed record SessionResponse(string Id, long CreatedAt, long LastSeenAt, string Ip, string UserAgent, bool Current, bool Active, long? RevokedAt, string? RevokeReason);

public sealed record AuditEventResponse(long Id, long? UserId, string Type, string Ip, string UserAgent, string Detail, long Time);

public sealed record AuditPageResponse(IReadOnlyList<AuditEventResponse> Events, long? NextBefore);
