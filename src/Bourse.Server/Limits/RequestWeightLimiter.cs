using System.Collections.Concurrent;
using Bourse.Api.Binance;

namespace Bourse.Server.Limits;

/// <summary>
/// Binance's request-weight limit per client IP over fixed one-minute windows. In process for now; the counters sit
/// behind this one type so a shared store (for several API nodes) can replace it.
/// </summary>
public sealed class RequestWeightLimiter(TimeProvider time, RateLimitPolicy policy)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public RateLimitPolicy Policy => policy;

    /// <summary>Adds <paramref name="weight"/> to the client's minute; returns the minute's total and whether it is over the limit.</summary>
    public (int Used, bool Exceeded, int RetryAfterSeconds) Take(string client, int weight)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var minute = now / 60_000;
        var window = _windows.AddOrUpdate(client, _ => new Window(minute, weight),
            (_, current) => current.Minute == minute ? current with { Used = current.Used + weight } : new Window(minute, weight));
        if (_windows.Count > 100_000)
        {
            // Forget clients from earlier minutes so the table stays small.
            foreach (var (key, stale) in _windows)
            {
                if (stale.Minute < minute)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }

        var retryAfter = (int)Math.Ceiling(((minute + 1) * 60_000 - now) / 1000.0);
        return (window.Used, window.Used > policy.RequestWeightPerMinute, retryAfter);
    }

    private sealed record Window(long Minute, int Used);
}
