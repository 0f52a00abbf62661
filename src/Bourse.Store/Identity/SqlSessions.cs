using System.Data.Common;

namespace Bourse.Store.Identity;

/// <summary>Sessions and their rotating refresh tokens (stored as hashes).</summary>
public sealed class SqlSessions(IdentityDatabase database)
{
    private const string Columns = "id, user_id, created_at, last_seen_at, ip, user_agent, revoked_at, revoke_reason, second_factor";

    public void Create(SessionRecord session, string refreshTokenHash)
    {
        ArgumentNullException.ThrowIfNull(session);
        database.Execute($"""
            INSERT INTO sessions ({Columns}) VALUES (@id, @user_id, @created_at, @created_at, @ip, @user_agent, NULL, NULL, @second_factor)
            """, ("@id", session.Id), ("@user_id", session.UserId), ("@created_at", session.CreatedAt), ("@ip", session.Ip),
            ("@user_agent", session.UserAgent), ("@second_factor", session.SecondFactor ? 1 : 0));
        AddRefreshToken(refreshTokenHash, session.Id, session.CreatedAt);
    }

    public SessionRecord? Find(string id) =>
        database.QueryFirst($"SELECT {Columns} FROM sessions WHERE id = @id", Map, ("@id", id));

    /// <summary>A user's sessions, newest first, revoked ones included up to <paramref name="limit"/>.</summary>
    public List<SessionRecord> ForUser(long userId, int limit) =>
        database.Query($"SELECT {Columns} FROM sessions WHERE user_id = @user_id ORDER BY created_at DESC, id LIMIT @limit", Map,
            ("@user_id", userId), ("@limit", limit));

    public void Touch(string id, long now, string ip, string userAgent) =>
        database.Execute("UPDATE sessions SET last_seen_at = @now, ip = @ip, user_agent = @user_agent WHERE id = @id AND revoked_at IS NULL",
            ("@id", id), ("@now", now), ("@ip", ip), ("@user_agent", userAgent));

    /// <summary>Revokes one session of this user; false if it is not theirs, unknown, or already revoked.</summary>
    public bool Revoke(long userId, string id, string reason, long now) =>
        database.Execute("UPDATE sessions SET revoked_at = @now, revoke_reason = @reason WHERE id = @id AND user_id = @user_id AND revoked_at IS NULL",
            ("@id", id), ("@user_id", userId), ("@reason", reason), ("@now", now)) == 1;

    /// <summary>Revokes every live session of a user except <paramref name="exceptId"/>; returns how many.</summary>
    public int RevokeAll(long userId, string reason, long now, string? exceptId = null) =>
        database.Execute("UPDATE sessions SET revoked_at = @now, revoke_reason = @reason WHERE user_id = @user_id AND revoked_at IS NULL AND id <> @except",
            ("@user_id", userId), ("@reason", reason), ("@now", now), ("@except", exceptId ?? string.Empty));

    public void AddRefreshToken(string tokenHash, string sessionId, long now) =>
        database.Execute("INSERT INTO refresh_tokens (token_hash, session_id, issued_at, used_at) VALUES (@hash, @session, @now, NULL)",
            ("@hash", tokenHash), ("@session", sessionId), ("@now", now));

    /// <summary>
    /// Spends a refresh token. Returns its session and whether this call spent it: false means it had been spent
    /// before — a stolen copy is being replayed — and the caller revokes the whole session. Null for an unknown token.
    /// </summary>
    public (string SessionId, bool Spent)? SpendRefreshToken(string tokenHash, long now)
    {
        var sessionId = database.QueryFirst("SELECT session_id FROM refresh_tokens WHERE token_hash = @hash", r => r.GetString(0), ("@hash", tokenHash));
        if (sessionId is null)
        {
            return null;
        }

        var spent = database.Execute("UPDATE refresh_tokens SET used_at = @now WHERE token_hash = @hash AND used_at IS NULL",
            ("@hash", tokenHash), ("@now", now)) == 1;
        return (sessionId, spent);
    }

    private static SessionRecord Map(DbDataReader r) => new(
        r.GetString(0), r.Long(1), r.Long(2), r.Long(3), r.GetString(4), r.GetString(5), r.NullableLong(6), r.NullableString(7), r.Flag(8));
}
