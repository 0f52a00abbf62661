namespace Bourse.Store.Identity;

/// <summary>
/// Failed sign-ins per normalized email, whether or not an account exists for it, so a locked-out answer tells an
/// attacker nothing about which emails are registered.
/// </summary>
public sealed class SqlLoginFailures(IdentityDatabase database)
{
    /// <summary>Until when sign-in for this email is locked (Unix ms), 0 when it is not.</summary>
    public long LockedUntil(string email) =>
        database.QueryFirst("SELECT locked_until FROM login_failures WHERE email = @email", r => r.Long(0), ("@email", email));

    /// <summary>
    /// Counts a failure inside a sliding window; the <paramref name="threshold"/>th failure in the window locks the email
    /// for <paramref name="lockMs"/>. Returns the lock end (0 when not locked).
    /// </summary>
    public long RecordFailure(string email, long now, long windowMs, int threshold, long lockMs)
    {
        database.Execute("""
            INSERT INTO login_failures (email, failures, first_failure_at, locked_until) VALUES (@email, 1, @now, 0)
            ON CONFLICT (email) DO UPDATE SET
                failures = CASE WHEN login_failures.first_failure_at < @window_start THEN 1 ELSE login_failures.failures + 1 END,
                first_failure_at = CASE WHEN login_failures.first_failure_at < @window_start THEN @now ELSE login_failures.first_failure_at END
            """, ("@email", email), ("@now", now), ("@window_start", now - windowMs));
        return database.QueryFirst("""
            UPDATE login_failures SET locked_until = @until, failures = 0, first_failure_at = @now
            WHERE email = @email AND failures >= @threshold
            RETURNING locked_until
            """, r => r.Long(0), ("@email", email), ("@until", now + lockMs), ("@now", now), ("@threshold", threshold));
    }

    public void Clear(string email) =>
        database.Execute("DELETE FROM login_failures WHERE email = @email", ("@email", email));
}
