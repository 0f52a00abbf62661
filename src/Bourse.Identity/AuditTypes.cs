namespace Bourse.Identity;

/// <summary>The security events written to the audit log; stable names clients and operators filter by.</summary>
public static class AuditTypes
{
    public const string SignUp = "signup";
    public const string EmailVerified = "email_verified";
    public const string Login = "login";
    public const string LoginFailed = "login_failed";
    public const string LoginLocked = "login_locked";
    public const string Logout = "logout";
    public const string RefreshTokenReuse = "refresh_token_reuse";
    public const string SessionRevoked = "session_revoked";
    public const string TwoFactorEnabled = "two_factor_enabled";
    public const string TwoFactorDisabled = "two_factor_disabled";
    public const string TwoFactorFailed = "two_factor_failed";
    public const string RecoveryCodesRegenerated = "recovery_codes_regenerated";
    public const string RecoveryCodeUsed = "recovery_code_used";
    public const string PasswordResetRequested = "password_reset_requested";
    public const string PasswordReset = "password_reset";
    public const string PasswordChanged = "password_changed";
    public const string ApiKeyCreated = "api_key_created";
    public const string ApiKeyRevoked = "api_key_revoked";
    public const string TwoFactorPolicyChanged = "two_factor_policy_changed";
    public const string OperatorCreated = "operator_created";
    public const string OperatorSetUp = "operator_setup";
    public const string OperatorChanged = "operator_changed";
    public const string AccountRestricted = "account_restricted";
    public const string SessionsRevokedBySupport = "sessions_revoked_by_support";
    public const string ApiKeysRevokedBySupport = "api_keys_revoked_by_support";
    public const string PasswordResetForced = "password_reset_forced";
}
