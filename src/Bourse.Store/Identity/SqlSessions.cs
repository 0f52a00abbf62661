using System.Data.Common;
using Bourse.Identity;

namespace Bourse.Store.Identity;

/// <summary>Sessions and their rotating refresh tokens (stored as hashes).</summary>
public sealed class SqlSessions(IdentityDatabase database) : ISessionStore
{
    private const string Columns = "id, user_id, created_at, last_seen_at, ip, user_agent, revoked_at, revoke_reason, second_factor";

    public async Task CreateAsync(SessionRecord session, string refreshTokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await database.ExecuteAsync($"""
            INSERT INTO sessions ({Columns}) VALUES (@id, @user_id, @created_at, @created_at, @ip, @user_agent, NULL, NULL, @second_factor)
            """, cancellationToken, ("@id", session.Id), ("@user_id", session.UserId), ("@created_at", session.CreatedAt), ("@ip", session.Ip),
            ("@user_agent", session.UserAgent), ("@second_factor", session.SecondFactor ? 1 : 0)).ConfigureAwait(false);
        await AddRefreshTokenAsync(refreshTokenHash, session.Id, session.CreatedAt, cancellationToken).ConfigureAwait(false);
    }

    public Task<SessionRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        database.QueryFirstAsync($"SELECT {Columns} FROM sessions WHERE id = @id", Map, cancellationToken, ("@id", id));

    public async Task<IReadOnlyList<SessionRecord>> ForUserAsync(long userId, int limit, CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM sessions WHERE user_id = @user_id ORDER BY created_at DESC, id LIMIT @limit", Map,
            cancellationToken, ("@user_id", userId), ("@limit", limit)).ConfigureAwait(false);

    public Task TouchAsync(string id, long now, string ip, string userAgent, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE sessions SET last_seen_at = @now, ip = @ip, user_agent = @user_agent WHERE id = @id AND revoked_at IS NULL",
            cancellationToken, ("@id", id), ("@now", now), ("@ip", ip), ("@user_agent", userAgent));

    public async Task<bool> RevokeAsync(long userId, string id, string reason, long now, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE sessions SET revoked_at = @now, revoke_reason = @reason WHERE id = @id AND user_id = @user_id AND revoked_at IS NULL",
            cancellationToken, ("@id", id), ("@user_id", userId), ("@reason", reason), ("@now", now)).ConfigureAwait(false) == 1;

    public Task<int> RevokeAllAsync(long userId, string reason, long now, string? exceptId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE sessions SET revoked_at = @now, revoke_reason = @reason WHERE user_id = @user_id AND revoked_at IS NULL AND id <> @except",
            cancellationToken, ("@user_id", userId), ("@reason", reason), ("@now", now), ("@except", exceptId ?? string.Empty));

    public Task AddRefreshTokenAsync(string tokenHash, string sessionId, long now, CancellationToken cancellationToken) =>
        database.ExecuteAsync("INSERT INTO refresh_tokens (token_hash, session_id, issued_at, used_at) VALUES (@hash, @session, @now, NULL)",
            cancellationToken, ("@hash", tokenHash), ("@session", sessionId), ("@now", now));

    public async Task<(string SessionId, bool Spent)?> SpendRefreshTokenAsync(string tokenHash, long now, CancellationToken cancellationToken)
    {
        var sessionId = await database.QueryFirstAsync("SELECT session_id FROM refresh_tokens WHERE token_hash = @hash", r => r.GetString(0),
            cancellationToken, ("@hash", tokenHash)).ConfigureAwait(false);
        if (sessionId is null)
        {
            return null;
        }

        var spent = await database.ExecuteAsync("UPDATE refresh_tokens SET used_at = @now WHERE token_hash = @hash AND used_at IS NULL",
            cancellationToken, ("@hash", tokenHash), ("@now", now)).ConfigureAwait(false) == 1;
        return (sessionId, spent);
    }

    private static SessionRecord Map(DbDataReader r) => new(
        r.GetString(0), r.Long(1), r.Long(2), r.Long(3), r.GetString(4), r.GetString(5), r.NullableLong(6), r.NullableString(7), r.Flag(8));
}
