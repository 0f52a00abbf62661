namespace Bourse.Identity;

/// <summary>
/// Failed attempts per key — a normalized email for sign-in (whether or not an account exists for it), or a user for
/// step-up 2FA checks — and the lock they lead to.
/// </summary>
public interface ILoginFailureStore
{
    /// <summary>
    /// Counts an attempt before it is checked, so parallel guesses cannot all slip in under the limit: the attempt
    /// beyond <paramref name="threshold"/> within the sliding window locks the key for <paramref name="lockMs"/>.
    /// Returns when the lock ends (greater than <paramref name="now"/> means refuse this attempt), else 0.
    /// </summary>
    Task<long> BeginAttemptAsync(string key, long now, long windowMs, int threshold, long lockMs, CancellationToken cancellationToken);

    /// <summary>Forgets the failures of a key (the attempt succeeded, or the password was reset).</summary>
    Task ClearAsync(string key, CancellationToken cancellationToken);
}
