using System.Threading.RateLimiting;

namespace Bourse.Server.Http;

/// <summary>
/// At most <c>permitLimit</c> permits in any <c>window</c>, on a <see cref="TimeProvider"/>: each permit is given back
/// exactly one window after it was taken, so a refusal knows when the next permit frees and says so in its
/// <see cref="MetadataName.RetryAfter"/> (System.Threading.RateLimiting's sliding window says nothing, and its fixed
/// window says the whole window). Permits are remembered one by one, so keep the limit small (a per-minute auth budget).
/// No queue: a request that does not get a permit at once is refused.
/// </summary>
public sealed class RollingWindowLimiter : RateLimiter
{
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Queue<long> _taken = new();
    private long _lastActivity;

    public RollingWindowLimiter(int permitLimit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permitLimit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        (_permitLimit, _window, _time) = (permitLimit, window, time);
        _lastActivity = time.GetTimestamp();
    }

    /// <summary>How long no permit has been held; null while some are (the partitioned limiter drops idle partitions).</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_taken)
            {
                var now = _time.GetTimestamp();
                GiveBack(now);
                return _taken.Count == 0 ? _time.GetElapsedTime(_lastActivity, now) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_taken)
        {
            GiveBack(_time.GetTimestamp());
            return new RateLimiterStatistics { CurrentAvailablePermits = _permitLimit - _taken.Count };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitLimit);
        lock (_taken)
        {
            var now = _time.GetTimestamp();
            GiveBack(now);
            _lastActivity = now;
            var needed = Math.Max(permitCount, 1);
            if (_taken.Count + needed <= _permitLimit)
            {
                for (var i = 0; i < permitCount; i++)
                {
                    _taken.Enqueue(now);
                }

                return Lease.Granted;
            }

            // The permits taken earliest come back first; this request fits once enough of them have.
            var freesAt = _taken.ElementAt(_taken.Count + needed - _permitLimit - 1);
            return new Lease(false, _window - _time.GetElapsedTime(freesAt, now));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void GiveBack(long now)
    {
        while (_taken.Count > 0 && _time.GetElapsedTime(_taken.Peek(), now) >= _window)
        {
            _taken.Dequeue();
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
