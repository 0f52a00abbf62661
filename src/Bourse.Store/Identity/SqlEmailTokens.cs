using Bourse.Identity;

namespace Bourse.Store.Identity;

/// <summary>Single-use, expiring tokens sent by email (verification, password reset), stored as hashes.</summary>
public sealed class SqlEmailTokens(IdentityDatabase database) : IEmailTokenStore
{
    public Task AddAsync(string tokenHash, long userId, string purpose, long now, long expiresAt, CancellationToken cancellationToken) =>
        database.ExecuteAsync("""
            INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at, used_at)
            VALUES (@hash, @user_id, @purpose, @now, @expires, NULL)
            """, cancellationToken, ("@hash", tokenHash), ("@user_id", userId), ("@purpose", purpose), ("@now", now), ("@expires", expiresAt));

    public Task<long?> ConsumeAsync(string tokenHash, string purpose, long now, CancellationToken cancellationToken) =>
        database.QueryFirstAsync<long?>("""
            UPDATE email_tokens SET used_at = @now
            WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
            RETURNING user_id
            """, r => r.Long(0), cancellationToken, ("@hash", tokenHash), ("@purpose", purpose), ("@now", now));

    public Task<long?> PeekAsync(string tokenHash, string purpose, long now, CancellationToken cancellationToken) =>
        database.QueryFirstAsync<long?>("""
            SELECT user_id FROM email_tokens WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
            """, r => r.Long(0), cancellationToken, ("@hash", tokenHash), ("@purpose", purpose), ("@now", now));

    public Task InvalidateAsync(long userId, string purpose, long now, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE email_tokens SET used_at = @now WHERE user_id = @user_id AND purpose = @purpose AND used_at IS NULL",
            cancellationToken, ("@user_id", userId), ("@purpose", purpose), ("@now", now));
}
