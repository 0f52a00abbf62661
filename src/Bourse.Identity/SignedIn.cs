namespace Bourse.Identity;

/// <summary>What a successful sign-in or refresh hands the client. The refresh token is shown only here.</summary>
public sealed record SignedIn(
    long UserId,
    string SessionId,
    string AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    string RefreshToken,
    bool TwoFactorSetupRequired);
