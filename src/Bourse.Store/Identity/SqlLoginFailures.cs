namespace Bourse.Store.Identity;

/// <summary>
/// Failed attempts per key — a normalized email for sign-in (whether or not an account exists for it, so a locked-out
/// answer tells an attacker nothing about which emails are registered), or a user for step-up 2FA checks.
/// </summary>
public sealed class SqlLoginFailures(IdentityDatabase database)
{
    /// <summary>Until when attempts for this key are locked (Unix ms), 0 when they are not.</summary>
    public long LockedUntil(string key) =>
        database.QueryFirst("SELECT locked_until FROM login_failures WHERE email = @key", r => r.Long(0), ("@key", key));

    /// <summary>
    /// Counts an attempt before it is checked, so parallel guesses cannot all slip in under the limit: the attempt
    /// beyond <paramref name="threshold"/> within the sliding window locks the key for <paramref name="lockMs"/>.
    /// Returns when the lock ends (greater than <paramref name="now"/> means refuse this attempt), else 0. A success
    /// calls <see cref="Clear"/>, so only failures accumulate.
    /// </summary>
    public long BeginAttempt(string key, long now, long windowMs, int threshold, long lockMs)
    {
        var lockedUntil = LockedUntil(key);
        if (lockedUntil > now)
        {
            return lockedUntil;
        }

        // A window that has passed, or a lock that has ended, starts the count over. Counting never resets while
        // attempts race, so every attempt beyond the threshold sees a count above it and is refused.
        database.Execute("""
            INSERT INTO login_failures (email, failures, first_failure_at, locked_until) VALUES (@key, 1, @now, 0)
            ON CONFLICT (email) DO UPDATE SET
                failures = CASE WHEN login_failures.first_failure_at < @window_start OR (login_failures.locked_until > 0 AND login_failures.locked_until <= @now)
                    THEN 1 ELSE login_failures.failures + 1 END,
                first_failure_at = CASE WHEN login_failures.first_failure_at < @window_start OR (login_failures.locked_until > 0 AND login_failures.locked_until <= @now)
                    THEN @now ELSE login_failures.first_failure_at END,
                locked_until = CASE WHEN login_failures.locked_until <= @now THEN 0 ELSE login_failures.locked_until END
            """, ("@key", key), ("@now", now), ("@window_start", now - windowMs));
        return database.QueryFirst("""
            UPDATE login_failures SET locked_until = CASE WHEN locked_until > @now THEN locked_until ELSE @until END
            WHERE email = @key AND failures > @threshold
            RETURNING locked_until
            """, r => r.Long(0), ("@key", key), ("@until", now + lockMs), ("@now", now), ("@threshold", threshold));
    }

    public void Clear(string key) =>
        database.Execute("DELETE FROM login_failures WHERE email = @key", ("@key", key));
}
