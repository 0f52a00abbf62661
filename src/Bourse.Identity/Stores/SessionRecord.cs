namespace Bourse.Identity;

/// <summary>
/// A signed-in device: one refresh-token family. Revoked sessions stay listed with the reason. <see cref="SecondFactor"/>
/// says whether the sign-in presented a second factor; tokens refreshed from it claim exactly that, never more.
/// </summary>
public sealed record SessionRecord(
    string Id,
    long UserId,
    long CreatedAt,
    long LastSeenAt,
    string Ip,
    string UserAgent,
    long? RevokedAt,
    string? RevokeReason,
    bool SecondFactor = false);
