using System.Data.Common;
using Bourse.Identity;

namespace Bourse.Store.Identity;

/// <summary>Users: creation, lookup, password, email verification and the TOTP state.</summary>
public sealed class SqlUsers(IdentityDatabase database) : IUserStore
{
    private const string Columns = """
        id, email, password_hash, email_verified, totp_secret, totp_enabled, totp_last_step, two_factor_required,
        created_at, password_changed_at, login_frozen, restriction_reason, restricted_by, restricted_at, password_reset_required
        """;

    // SQLite's AUTOINCREMENT keeps the highest id handed out in sqlite_sequence (a row appears with the first insert).
    private const string ReserveSqlite = """
        UPDATE sqlite_sequence SET seq = @id WHERE name = 'users' AND seq < @id;
        INSERT INTO sqlite_sequence (name, seq) SELECT 'users', @id WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'users')
        """;

    private const string ReservePostgres = """
        SELECT setval(pg_get_serial_sequence('users', 'id'), GREATEST(@id, (SELECT COALESCE(MAX(id), 1) FROM users)))
        """;

    public Task<long?> CreateAsync(string email, string passwordHash, long now, CancellationToken cancellationToken) =>
        database.QueryFirstAsync<long?>("""
            INSERT INTO users (email, password_hash, created_at, password_changed_at)
            VALUES (@email, @hash, @now, @now)
            ON CONFLICT (email) DO NOTHING
            RETURNING id
            """, r => r.Long(0), cancellationToken, ("@email", email), ("@hash", passwordHash), ("@now", now));

    /// <summary>Creates a user with a given id, then moves the id sequence past it. Null when the id or the email is taken.</summary>
    public async Task<long?> CreateWithIdAsync(long id, string email, string passwordHash, long now, CancellationToken cancellationToken)
    {
        var created = await database.QueryFirstAsync<long?>("""
            INSERT INTO users (id, email, password_hash, created_at, password_changed_at)
            VALUES (@id, @email, @hash, @now, @now)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, r => r.Long(0), cancellationToken, ("@id", id), ("@email", email), ("@hash", passwordHash), ("@now", now)).ConfigureAwait(false);
        if (database.Dialect.Provider == SqlDialects.Postgres)
        {
            await database.QueryFirstAsync(ReservePostgres, r => r.Long(0), cancellationToken, ("@id", id)).ConfigureAwait(false);
        }
        else
        {
            await database.ExecuteAsync(ReserveSqlite, cancellationToken, ("@id", id)).ConfigureAwait(false);
        }

        return created;
    }

    /// <summary>
    /// Makes sure sign-ups are never given an id at or below <paramref name="id"/>: engine users that exist without an
    /// account (keys made by the command line, imported keys) must not be inherited by the next person to sign up.
    /// Synchronous: the command line and the start-up key import call it.
    /// </summary>
    public void ReserveIdsThrough(long id)
    {
        if (database.Dialect.Provider == SqlDialects.Postgres)
        {
            database.QueryFirst(ReservePostgres, r => r.Long(0), ("@id", id));
            return;
        }

        database.Execute(ReserveSqlite, ("@id", id));
    }

    public Task<UserRecord?> FindAsync(long id, CancellationToken cancellationToken) =>
        database.QueryFirstAsync($"SELECT {Columns} FROM users WHERE id = @id", Map, cancellationToken, ("@id", id));

    public Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        database.QueryFirstAsync($"SELECT {Columns} FROM users WHERE email = @email", Map, cancellationToken, ("@email", email));

    public Task SetPasswordAsync(long id, string passwordHash, long now, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE users SET password_hash = @hash, password_changed_at = @now, password_reset_required = 0 WHERE id = @id", cancellationToken,
            ("@id", id), ("@hash", passwordHash), ("@now", now));

    public Task RehashPasswordAsync(long id, string oldHash, string newHash, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE users SET password_hash = @new WHERE id = @id AND password_hash = @old", cancellationToken,
            ("@id", id), ("@old", oldHash), ("@new", newHash));

    public Task MarkEmailVerifiedAsync(long id, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE users SET email_verified = 1 WHERE id = @id", cancellationToken, ("@id", id));

    public async Task<bool> SetPendingTotpSecretAsync(long id, string protectedSecret, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE users SET totp_secret = @secret WHERE id = @id AND totp_enabled = 0", cancellationToken,
            ("@id", id), ("@secret", protectedSecret)).ConfigureAwait(false) == 1;

    public async Task<bool> EnableTotpAsync(long id, long step, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE users SET totp_enabled = 1, totp_last_step = @step WHERE id = @id AND totp_enabled = 0 AND totp_secret IS NOT NULL",
            cancellationToken, ("@id", id), ("@step", step)).ConfigureAwait(false) == 1;

    public async Task<bool> DisableTotpAsync(long id, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE users SET totp_enabled = 0, totp_secret = NULL, totp_last_step = 0 WHERE id = @id AND totp_enabled = 1",
            cancellationToken, ("@id", id)).ConfigureAwait(false) == 1;

    /// <summary>One conditional update, so two requests racing with the same code cannot both win (RFC 6238 §5.2).</summary>
    public async Task<bool> TryUseTotpStepAsync(long id, long step, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE users SET totp_last_step = @step WHERE id = @id AND totp_last_step < @step", cancellationToken,
            ("@id", id), ("@step", step)).ConfigureAwait(false) == 1;

    public async Task<bool> SetTwoFactorRequiredAsync(long id, bool required, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE users SET two_factor_required = @required WHERE id = @id", cancellationToken,
            ("@id", id), ("@required", required ? 1 : 0)).ConfigureAwait(false) == 1;

    public async Task<long> CountAsync(CancellationToken cancellationToken) =>
        await database.QueryFirstAsync("SELECT COUNT(*) FROM users", r => r.Long(0), cancellationToken).ConfigureAwait(false);
    public async Task<bool> SetRestrictionsAsync(long id, bool loginFrozen, string reason, long operatorId, long now, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("""
            UPDATE users SET login_frozen = @frozen, restriction_reason = @reason, restricted_by = @by, restricted_at = @now WHERE id = @id
            """, cancellationToken, ("@id", id), ("@frozen", loginFrozen ? 1 : 0), ("@reason", reason), ("@by", operatorId), ("@now", now))
            .ConfigureAwait(false) == 1;

    public async Task<bool> SetPasswordResetRequiredAsync(long id, bool required, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE users SET password_reset_required = @required WHERE id = @id", cancellationToken,
            ("@id", id), ("@required", required ? 1 : 0)).ConfigureAwait(false) == 1;

    /// <summary>
    /// One statement whatever the query: the email as a LIKE pattern with its wildcards escaped, the id (-1, which no
    /// user has, when the query is not a number) and the API key through its owner.
    /// </summary>
    public async Task<IReadOnlyList<UserRecord>> SearchAsync(string? query, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        var before = beforeId ?? long.MaxValue;
        if (string.IsNullOrEmpty(query))
        {
            return await database.QueryAsync($"SELECT {Columns} FROM users WHERE id < @before ORDER BY id DESC LIMIT @limit", Map, cancellationToken,
                ("@before", before), ("@limit", limit)).ConfigureAwait(false);
        }

        var pattern = "%" + query.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var id = long.TryParse(query, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : -1;
        return await database.QueryAsync($"""
            SELECT {Columns} FROM users
            WHERE id < @before AND (LOWER(email) LIKE @pattern ESCAPE '\' OR id = @id OR id IN (SELECT user_id FROM api_keys WHERE api_key = @key))
            ORDER BY id DESC LIMIT @limit
            """, Map, cancellationToken, ("@before", before), ("@pattern", pattern), ("@id", id), ("@key", query), ("@limit", limit)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> LoginFrozenAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync("SELECT id FROM users WHERE login_frozen = 1", r => r.Long(0), cancellationToken).ConfigureAwait(false);

    /// <summary>The ids of the users whose sign-in is frozen; synchronous for start-up.</summary>
    public IReadOnlyList<long> LoginFrozen() => database.Query("SELECT id FROM users WHERE login_frozen = 1", r => r.Long(0));

    private static UserRecord Map(DbDataReader r) => new(
        r.Long(0), r.GetString(1), r.GetString(2), r.Flag(3), r.NullableString(4), r.Flag(5), r.Long(6), r.Flag(7), r.Long(8), r.Long(9),
        r.Flag(10), r.NullableString(11), r.NullableLong(12), r.NullableLong(13), r.Flag(14));
}
