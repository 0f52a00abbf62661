namespace Bourse.Identity;

/// <summary>Sessions (signed-in devices) and their rotating refresh tokens, which are kept only as hashes.</summary>
public interface ISessionStore
{
    /// <summary>Adds a live session with its first refresh token.</summary>
    Task CreateAsync(SessionRecord session, string refreshTokenHash, CancellationToken cancellationToken);

    Task<SessionRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>A user's sessions, newest first, revoked ones included, up to <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SessionRecord>> ForUserAsync(long userId, int limit, CancellationToken cancellationToken);

    /// <summary>Marks a live session used now, from this address and user agent.</summary>
    Task TouchAsync(string id, long now, string ip, string userAgent, CancellationToken cancellationToken);

    /// <summary>Revokes one session of this user; false if it is not theirs, unknown, or already revoked.</summary>
    Task<bool> RevokeAsync(long userId, string id, string reason, long now, CancellationToken cancellationToken);

    /// <summary>Revokes every live session of a user except <paramref name="exceptId"/>; returns how many.</summary>
    Task<int> RevokeAllAsync(long userId, string reason, long now, string? exceptId, CancellationToken cancellationToken);

    Task AddRefreshTokenAsync(string tokenHash, string sessionId, long now, CancellationToken cancellationToken);

    /// <summary>
    /// Spends a refresh token with one conditional update. Returns its session and whether this call spent it: false
    /// means it had been spent before — a stolen copy is being replayed. Null for an unknown token.
    /// </summary>
    Task<(string SessionId, bool Spent)?> SpendRefreshTokenAsync(string tokenHash, long now, CancellationToken cancellationToken);
}
