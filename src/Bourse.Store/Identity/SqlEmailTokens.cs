namespace Bourse.Store.Identity;

/// <summary>Single-use, expiring tokens sent by email (verification, password reset), stored as hashes.</summary>
public sealed class SqlEmailTokens(IdentityDatabase database)
{
    public void Add(string tokenHash, long userId, string purpose, long now, long expiresAt) =>
        database.Execute("""
            INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at, used_at)
            VALUES (@hash, @user_id, @purpose, @now, @expires, NULL)
            """, ("@hash", tokenHash), ("@user_id", userId), ("@purpose", purpose), ("@now", now), ("@expires", expiresAt));

    /// <summary>Spends a live token of this purpose in one conditional update; its user, or null if unknown, spent or expired.</summary>
    public long? Consume(string tokenHash, string purpose, long now) =>
        database.QueryFirst<long?>("""
            UPDATE email_tokens SET used_at = @now
            WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
            RETURNING user_id
            """, r => r.Long(0), ("@hash", tokenHash), ("@purpose", purpose), ("@now", now));

    /// <summary>The user of a live token of this purpose without spending it, or null.</summary>
    public long? Peek(string tokenHash, string purpose, long now) =>
        database.QueryFirst<long?>("""
            SELECT user_id FROM email_tokens WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
            """, r => r.Long(0), ("@hash", tokenHash), ("@purpose", purpose), ("@now", now));

    /// <summary>Spends every outstanding token of a purpose for a user (a new reset link voids the older ones).</summary>
    public void Invalidate(long userId, string purpose, long now) =>
        database.Execute("UPDATE email_tokens SET used_at = @now WHERE user_id = @user_id AND purpose = @purpose AND used_at IS NULL",
            ("@user_id", userId), ("@purpose", purpose), ("@now", now));
}
