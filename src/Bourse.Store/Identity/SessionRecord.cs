namespace Bourse.Store.Identity;

/// <summary>A signed-in device: one refresh-token family. Revoked sessions stay listed with the reason.</summary>
public sealed record SessionRecord(
    string Id,
    long UserId,
    long CreatedAt,
    long LastSeenAt,
    string Ip,
    string UserAgent,
    long? RevokedAt,
    string? RevokeReason);
