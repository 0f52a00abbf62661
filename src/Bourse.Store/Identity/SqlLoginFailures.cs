using Bourse.Identity;

namespace Bourse.Store.Identity;

/// <summary>
/// Failed attempts per key — a normalized email for sign-in (whether or not an account exists for it, so a locked-out
/// answer tells an attacker nothing about which emails are registered), or a user for step-up 2FA checks.
/// </summary>
public sealed class SqlLoginFailures(IdentityDatabase database) : ILoginFailureStore
{
    /// <summary>Until when attempts for this key are locked (Unix ms), 0 when they are not.</summary>
    public Task<long> LockedUntilAsync(string key, CancellationToken cancellationToken) =>
        database.QueryFirstAsync("SELECT locked_until FROM login_failures WHERE email = @key", r => r.Long(0), cancellationToken, ("@key", key));

    /// <summary>A success calls <see cref="ClearAsync"/>, so only failures accumulate.</summary>
    public async Task<long> BeginAttemptAsync(string key, long now, long windowMs, int threshold, long lockMs, CancellationToken cancellationToken)
    {
        var lockedUntil = await LockedUntilAsync(key, cancellationToken).ConfigureAwait(false);
        if (lockedUntil > now)
        {
            return lockedUntil;
        }

        // A window that has passed, or a lock that has ended, starts the count over. Counting never resets while
        // attempts race, so every attempt beyond the threshold sees a count above it and is refused.
        await database.ExecuteAsync("""
            INSERT INTO login_failures (email, failures, first_failure_at, locked_until) VALUES (@key, 1, @now, 0)
            ON CONFLICT (email) DO UPDATE SET
                failures = CASE WHEN login_failures.first_failure_at < @window_start OR (login_failures.locked_until > 0 AND login_failures.locked_until <= @now)
                    THEN 1 ELSE login_failures.failures + 1 END,
                first_failure_at = CASE WHEN login_failures.first_failure_at < @window_start OR (login_failures.locked_until > 0 AND login_failures.locked_until <= @now)
                    THEN @now ELSE login_failures.first_failure_at END,
                locked_until = CASE WHEN login_failures.locked_until <= @now THEN 0 ELSE login_failures.locked_until END
            """, cancellationToken, ("@key", key), ("@now", now), ("@window_start", now - windowMs)).ConfigureAwait(false);
        return await database.QueryFirstAsync("""
            UPDATE login_failures SET locked_until = CASE WHEN locked_until > @now THEN locked_until ELSE @until END
            WHERE email = @key AND failures > @threshold
            RETURNING locked_until
            """, r => r.Long(0), cancellationToken, ("@key", key), ("@until", now + lockMs), ("@now", now), ("@threshold", threshold)).ConfigureAwait(false);
    }

    public Task ClearAsync(string key, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM login_failures WHERE email = @key", cancellationToken, ("@key", key));
}
