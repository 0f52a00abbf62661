namespace Bourse.Identity;

/// <summary>Single-use, expiring tokens sent by email (verification, password reset), kept only as hashes.</summary>
public interface IEmailTokenStore
{
    Task AddAsync(string tokenHash, long userId, string purpose, long now, long expiresAt, CancellationToken cancellationToken);

    /// <summary>Spends a live token of this purpose in one conditional update; its user, or null if unknown, spent or expired.</summary>
    Task<long?> ConsumeAsync(string tokenHash, string purpose, long now, CancellationToken cancellationToken);

    /// <summary>The user of a live token of this purpose without spending it, or null.</summary>
    Task<long?> PeekAsync(string tokenHash, string purpose, long now, CancellationToken cancellationToken);

    /// <summary>Spends every outstanding token of a purpose for a user (a new link voids the older ones).</summary>
    Task InvalidateAsync(long userId, string purpose, long now, CancellationToken cancellationToken);
}
