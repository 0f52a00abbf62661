using System.Collections.Concurrent;
using Bourse.Api.Binance;

namespace Bourse.Server.Limits;

/// <summary>
/// Binance's new-order limits per account: orders per 10 seconds and per day, over fixed windows. Counted when an
/// order passes validation and goes to the engine, so a flood of bad requests is held back by request weight instead.
/// In process for now, behind this one type so a shared store can replace it.
/// </summary>
public sealed class OrderCountLimiter(TimeProvider time, RateLimitPolicy policy)
{
    private const long TenSeconds = 10_000;
    private const long OneDay = 86_400_000;
    private readonly ConcurrentDictionary<long, Counts> _users = new();

    /// <summary>Counts one new order for <paramref name="userId"/> unless a window is full.</summary>
    public OrderCount Take(long userId)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var counts = _users.GetOrAdd(userId, _ => new Counts());
        lock (counts)
        {
            counts.Roll(now / TenSeconds, now / OneDay);
            if (counts.InTenSeconds >= policy.OrdersPer10Seconds)
            {
                var retry = RetryAfter((counts.TenSecondWindow + 1) * TenSeconds - now);
                return new OrderCount(counts.InTenSeconds, counts.InDay, BinanceErrors.TooManyOrders(policy.OrdersPer10Seconds, "10s", retry));
            }

            if (counts.InDay >= policy.OrdersPerDay)
            {
                var retry = RetryAfter((counts.DayWindow + 1) * OneDay - now);
                return new OrderCount(counts.InTenSeconds, counts.InDay, BinanceErrors.TooManyOrders(policy.OrdersPerDay, "1d", retry));
            }

            counts.InTenSeconds++;
            counts.InDay++;
            return new OrderCount(counts.InTenSeconds, counts.InDay, null);
        }
    }

    private static int RetryAfter(long milliseconds) => (int)Math.Max(1, Math.Ceiling(milliseconds / 1000.0));

    private sealed class Counts
    {
        public long TenSecondWindow { get; private set; }

        public long DayWindow { get; private set; }

        public int InTenSeconds { get; set; }

        public int InDay { get; set; }

        public void Roll(long tenSecondWindow, long dayWindow)
        {
            if (tenSecondWindow != TenSecondWindow)
            {
                TenSecondWindow = tenSecondWindow;
                InTenSeconds = 0;
            }

            if (dayWindow != DayWindow)
            {
                DayWindow = dayWindow;
                InDay = 0;
            }
        }
    }
}

/// <summary>The account's order counts after a <see cref="OrderCountLimiter.Take"/>, and the error when over a limit.</summary>
public readonly record struct OrderCount(int InTenSeconds, int InDay, BinanceError? Exceeded);
