using System.Data.Common;
using System.Globalization;

namespace Bourse.Store.Identity;

/// <summary>
/// The email outbox: a message is written here (in the caller's own request) and a sender delivers it later, so mail
/// survives an SMTP outage or a restart. A message is pending until it is sent or given up; times are Unix milliseconds.
/// </summary>
public sealed class SqlEmailOutbox(IdentityDatabase database)
{
    private const string Columns = "id, recipient, subject, body, created_at, attempts, next_attempt_at, sent_at, given_up_at, last_error";
    private const int MaxErrorLength = 1_000;

    private const string Insert = """
        INSERT INTO email_outbox (recipient, subject, body, created_at, attempts, next_attempt_at)
        VALUES (@recipient, @subject, @body, @now, 0, @now)
        RETURNING id
        """;

    /// <summary>Adds a message due at once; its id.</summary>
    public long Enqueue(string recipient, string subject, string textBody, long now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(textBody);
        return database.QueryFirst(Insert, r => Long(r, 0), ("@recipient", recipient), ("@subject", subject), ("@body", textBody), ("@now", now));
    }

    /// <summary>Adds a message due at once; its id.</summary>
    public Task<long> EnqueueAsync(string recipient, string subject, string textBody, long now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(textBody);
        return database.QueryFirstAsync(Insert, r => Long(r, 0), cancellationToken,
            ("@recipient", recipient), ("@subject", subject), ("@body", textBody), ("@now", now));
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending messages due at <paramref name="now"/>, oldest due first: counts the
    /// attempt and moves the next attempt to <paramref name="leaseUntil"/>, so another sender (or this one after a crash
    /// mid-send) picks the message up again only once the lease has run out.
    /// </summary>
    public IReadOnlyList<OutboxEmail> ClaimDue(long now, int limit, long leaseUntil)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseUntil, now);
        using var connection = database.Dialect.Open();
        using var transaction = connection.BeginTransaction();
        // The outer conditions repeat the inner ones so that, on PostgreSQL, a row another sender claimed meanwhile is
        // re-checked after its lock is released and skipped.
        using var claim = new SqlStatement(connection, transaction, $"""
            UPDATE email_outbox SET attempts = attempts + 1, next_attempt_at = @lease
            WHERE id IN (
                SELECT id FROM email_outbox
                WHERE sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= @now
                ORDER BY next_attempt_at, id
                LIMIT @limit)
              AND sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= @now
            RETURNING {Columns}
            """);
        var claimed = ReadAll(claim.Set("@now", now).Set("@limit", limit).Set("@lease", leaseUntil));
        transaction.Commit();
        return [.. claimed.OrderBy(m => m.Id)];
    }

    /// <summary>Records delivery; false if the message was not pending (already sent or given up).</summary>
    /// <summary>
    /// Records delivery. The body is erased unless <paramref name="keepBody"/> (the demo mail sink shows it): bodies
    /// carry live verification and reset links, which must not sit in the database in the clear once mailed.
    /// </summary>
    public bool MarkSent(long id, long now, bool keepBody = false) =>
        Update("""
            UPDATE email_outbox SET sent_at = @now, body = CASE WHEN @keep = 1 THEN body ELSE '' END
            WHERE id = @id AND sent_at IS NULL AND given_up_at IS NULL
            """, ("@id", id), ("@now", now), ("@keep", keepBody ? 1 : 0)) == 1;

    /// <summary>Records a failed attempt and when to try again.</summary>
    public bool MarkFailed(long id, string error, long nextAttemptAt) =>
        Update("""
            UPDATE email_outbox SET last_error = @error, next_attempt_at = @next
            WHERE id = @id AND sent_at IS NULL AND given_up_at IS NULL
            """, ("@id", id), ("@error", Truncate(error)), ("@next", nextAttemptAt)) == 1;

    /// <summary>Records a failed last attempt: the message is never tried again and keeps its error.</summary>
    public bool MarkGivenUp(long id, string error, long now) =>
        Update("""
            UPDATE email_outbox SET last_error = @error, given_up_at = @now, body = ''
            WHERE id = @id AND sent_at IS NULL AND given_up_at IS NULL
            """, ("@id", id), ("@error", Truncate(error)), ("@now", now)) == 1;

    public OutboxEmail? Find(long id)
    {
        using var connection = database.Dialect.Open();
        using var select = new SqlStatement(connection, null, $"SELECT {Columns} FROM email_outbox WHERE id = @id");
        return ReadAll(select.Set("@id", id)).SingleOrDefault();
    }

    /// <summary>The newest messages first, to one recipient (compared case-insensitively) or to anyone.</summary>
    public async Task<IReadOnlyList<OutboxEmail>> RecentAsync(int limit, string? recipient, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var filter = recipient is null ? "" : "WHERE LOWER(recipient) = LOWER(@recipient)";
        (string, object?)[] parameters = recipient is null ? [("@limit", limit)] : [("@limit", limit), ("@recipient", recipient)];
        return await database.QueryAsync($"SELECT {Columns} FROM email_outbox {filter} ORDER BY id DESC LIMIT @limit", Message, cancellationToken, parameters)
            .ConfigureAwait(false);
    }

    private int Update(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = database.Dialect.Open();
        using var update = new SqlStatement(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            update.Set(name, value);
        }

        return update.Execute();
    }

    private static List<OutboxEmail> ReadAll(SqlStatement statement)
    {
        var messages = new List<OutboxEmail>();
        using var reader = statement.Read();
        while (reader.Read())
        {
            messages.Add(Message(reader));
        }

        return messages;
    }

    private static OutboxEmail Message(DbDataReader reader) => new(
        Long(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Long(reader, 4),
        (int)Long(reader, 5), Long(reader, 6), NullableLong(reader, 7), NullableLong(reader, 8),
        reader.IsDBNull(9) ? null : reader.GetString(9));

    // SQLite returns every integer as 64-bit, PostgreSQL INTEGER as 32-bit.
    private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static long? NullableLong(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Long(reader, ordinal);

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
}
