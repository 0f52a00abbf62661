using System.Threading.RateLimiting;
using Bourse.Server.Http;

namespace Bourse.Server.Tests.Http;

public sealed class RollingWindowLimiterTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_refusal_says_how_long_until_the_oldest_permit_leaves_the_window()
    {
        using var limiter = new RollingWindowLimiter(3, TimeSpan.FromMinutes(1), _time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        _time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);

        Assert.Equal(TimeSpan.FromSeconds(57.5), RetryAfter(limiter.AttemptAcquire()));
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.FromSeconds(17.5), RetryAfter(limiter.AttemptAcquire()));

        // The first permit comes back a minute after it was taken, the next two 2.5 s later.
        _time.Advance(TimeSpan.FromSeconds(17.5));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(2.5), RetryAfter(limiter.AttemptAcquire()));
        _time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(57.5), RetryAfter(limiter.AttemptAcquire()));
    }

    [Fact]
    public void A_limiter_is_idle_once_every_permit_left_the_window()
    {
        using var limiter = new RollingWindowLimiter(2, TimeSpan.FromMinutes(1), _time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.Null(limiter.IdleDuration);
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);

        _time.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(TimeSpan.FromSeconds(70), limiter.IdleDuration);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    private static TimeSpan? RetryAfter(RateLimitLease lease)
    {
        Assert.False(lease.IsAcquired);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
    }
}
