using System.Data.Common;

namespace Bourse.Store.Identity;

/// <summary>Users: creation, lookup, password, email verification and the TOTP state.</summary>
public sealed class SqlUsers(IdentityDatabase database)
{
    private const string Columns = """
        id, email, password_hash, email_verified, totp_secret, totp_enabled, totp_last_step, two_factor_required,
        created_at, password_changed_at
        """;

    /// <summary>The new user's id, or null when the (normalized) email is taken.</summary>
    public long? Create(string email, string passwordHash, long now) =>
        database.QueryFirst<long?>($"""
            INSERT INTO users (email, password_hash, created_at, password_changed_at)
            VALUES (@email, @hash, @now, @now)
            ON CONFLICT (email) DO NOTHING
            RETURNING id
            """, r => r.Long(0), ("@email", email), ("@hash", passwordHash), ("@now", now));

    /// <summary>
    /// Creates a user with a given id (the engine user it signs in as, e.g. a demo trader), then moves the id sequence
    /// past it. Null when the id or the email is taken.
    /// </summary>
    public long? CreateWithId(long id, string email, string passwordHash, long now)
    {
        var created = database.QueryFirst<long?>("""
            INSERT INTO users (id, email, password_hash, created_at, password_changed_at)
            VALUES (@id, @email, @hash, @now, @now)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, r => r.Long(0), ("@id", id), ("@email", email), ("@hash", passwordHash), ("@now", now));
        ReserveIdsThrough(id);
        return created;
    }

    /// <summary>
    /// Makes sure sign-ups are never given an id at or below <paramref name="id"/>: engine users that exist without an
    /// account (keys made by the command line, imported keys) must not be inherited by the next person to sign up.
    /// </summary>
    public void ReserveIdsThrough(long id)
    {
        if (database.Dialect.Provider == SqlDialects.Postgres)
        {
            database.QueryFirst("""
                SELECT setval(pg_get_serial_sequence('users', 'id'), GREATEST(@id, (SELECT COALESCE(MAX(id), 1) FROM users)))
                """, r => r.Long(0), ("@id", id));
            return;
        }

        // SQLite's AUTOINCREMENT keeps the highest id handed out in sqlite_sequence (a row appears with the first insert).
        database.Execute("""
            UPDATE sqlite_sequence SET seq = @id WHERE name = 'users' AND seq < @id;
            INSERT INTO sqlite_sequence (name, seq) SELECT 'users', @id WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'users')
            """, ("@id", id));
    }

    public UserRecord? Find(long id) =>
        database.QueryFirst($"SELECT {Columns} FROM users WHERE id = @id", Map, ("@id", id));

    public UserRecord? FindByEmail(string email) =>
        database.QueryFirst($"SELECT {Columns} FROM users WHERE email = @email", Map, ("@email", email));

    public void SetPassword(long id, string passwordHash, long now) =>
        database.Execute("UPDATE users SET password_hash = @hash, password_changed_at = @now WHERE id = @id",
            ("@id", id), ("@hash", passwordHash), ("@now", now));

    /// <summary>Replaces a hash in place when the KDF's parameters were raised (no other change).</summary>
    public void RehashPassword(long id, string oldHash, string newHash) =>
        database.Execute("UPDATE users SET password_hash = @new WHERE id = @id AND password_hash = @old",
            ("@id", id), ("@old", oldHash), ("@new", newHash));

    public void MarkEmailVerified(long id) =>
        database.Execute("UPDATE users SET email_verified = 1 WHERE id = @id", ("@id", id));

    /// <summary>Stores a pending TOTP secret; only allowed while 2FA is off.</summary>
    public bool SetPendingTotpSecret(long id, string protectedSecret) =>
        database.Execute("UPDATE users SET totp_secret = @secret WHERE id = @id AND totp_enabled = 0",
            ("@id", id), ("@secret", protectedSecret)) == 1;

    public bool EnableTotp(long id, long step) =>
        database.Execute("UPDATE users SET totp_enabled = 1, totp_last_step = @step WHERE id = @id AND totp_enabled = 0 AND totp_secret IS NOT NULL",
            ("@id", id), ("@step", step)) == 1;

    public bool DisableTotp(long id) =>
        database.Execute("UPDATE users SET totp_enabled = 0, totp_secret = NULL, totp_last_step = 0 WHERE id = @id AND totp_enabled = 1",
            ("@id", id)) == 1;

    /// <summary>
    /// Records that the code of time step <paramref name="step"/> was used; false if that step or a later one already
    /// was. One conditional update, so two requests racing with the same code cannot both win (RFC 6238 §5.2).
    /// </summary>
    public bool TryUseTotpStep(long id, long step) =>
        database.Execute("UPDATE users SET totp_last_step = @step WHERE id = @id AND totp_last_step < @step",
            ("@id", id), ("@step", step)) == 1;

    public bool SetTwoFactorRequired(long id, bool required) =>
        database.Execute("UPDATE users SET two_factor_required = @required WHERE id = @id",
            ("@id", id), ("@required", required ? 1 : 0)) == 1;

    private static UserRecord Map(DbDataReader r) => new(
        r.Long(0), r.GetString(1), r.GetString(2), r.Flag(3), r.NullableString(4), r.Flag(5), r.Long(6), r.Flag(7), r.Long(8), r.Long(9));
}
