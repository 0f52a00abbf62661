namespace Bourse.Server.Http;

/// <summary>
/// One lock per user, striped over a bounded set, for a check-then-submit that two concurrent retries must not both
/// pass: an idempotency key looked up, then the command sent. One instance per server, so hosts that share a process
/// (tests) share no locks.
/// </summary>
public sealed class UserLocks
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>The user's lock; users whose ids fall in the same stripe share it.</summary>
    public SemaphoreSlim For(long userId) => _stripes[(int)((ulong)userId % (ulong)_stripes.Length)];
}
