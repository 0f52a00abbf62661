namespace Bourse.Identity;

/// <summary>
/// The lockout rule (<c>LockoutThreshold</c> failures in <c>LockoutWindow</c> lock for <c>LockoutDuration</c>) for
/// anything that checks a secret: sign-in per email, password re-entry per email, step-up 2FA codes per user.
/// Attempts are counted before they are checked, so parallel guesses get no more tries than serial ones.
/// </summary>
public sealed class AttemptLimiter(ILoginFailureStore failures, IdentityOptions options, TimeProvider time)
{
    /// <summary>Null when the attempt may go ahead (it is now counted), else the lock error.</summary>
    public async Task<IdentityError?> BeginAsync(string key)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // Counting is a write: it runs to the end whatever the caller does, or a guess could go uncounted.
        var lockedUntil = await failures.BeginAttemptAsync(key, now, (long)options.LockoutWindow.TotalMilliseconds, options.LockoutThreshold,
            (long)options.LockoutDuration.TotalMilliseconds, CancellationToken.None).ConfigureAwait(false);
        return lockedUntil > now ? IdentityError.Locked(TimeSpan.FromMilliseconds(lockedUntil - now)) : null;
    }

    /// <summary>The attempt succeeded: forget the failures.</summary>
    public Task SucceededAsync(string key) => failures.ClearAsync(key, CancellationToken.None);

    /// <summary>The key step-up 2FA checks of one user are counted under.</summary>
    public static string SecondFactorKey(long userId) => "second-factor:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
