using System.Collections.Concurrent;
using System.Net;
using Bourse.Api.Binance;

namespace Bourse.Server.Limits;

/// <summary>
/// Binance's request-weight limit per client IP over fixed one-minute windows, shared by everything that speaks the
/// Binance protocol from that IP: REST requests (<see cref="RequestWeightMiddleware"/>), WebSocket API connections and
/// each of their requests. Over the limit a request is refused (429, -1003) but still counted; a client that keeps
/// sending until it has spent <see cref="BanFactor"/> times the limit in one minute is banned (418) for
/// <see cref="BanDuration"/>, as Binance bans IPs that ignore its 429s. In process for now; the counters sit behind
/// this one type so a shared store (for several API nodes) can replace it.
/// </summary>
public sealed class RequestWeightLimiter(TimeProvider time, RateLimitPolicy policy)
{
    /// <summary>How many minutes' worth of weight, sent within one minute, earns a ban.</summary>
    public const int BanFactor = 2;

    /// <summary>Binance's shortest ban.</summary>
    public static readonly TimeSpan BanDuration = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _bannedUntil = new(StringComparer.Ordinal);

    public RateLimitPolicy Policy => policy;

    /// <summary>The key a client's weight is counted under: its address (the proxy's client once forwarded headers are applied).</summary>
    public static string ClientOf(IPAddress? address) => address?.ToString() ?? "unknown";

    /// <summary>Adds <paramref name="weight"/> to the client's minute, unless it is banned, and says whether the request may go on.</summary>
    public RequestWeight Take(string client, int weight)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var limit = policy.RequestWeightPerMinute;
        var minute = now / 60_000;
        if (_bannedUntil.TryGetValue(client, out var until))
        {
            if (until > now)
            {
                var used = _windows.TryGetValue(client, out var current) && current.Minute == minute ? current.Used : 0;
                return new RequestWeight(used, limit, now, until, Banned: true);
            }

            _bannedUntil.TryRemove(new KeyValuePair<string, long>(client, until));
        }

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

        if (window.Used > (long)limit * BanFactor)
        {
            var bannedUntil = now + (long)BanDuration.TotalMilliseconds;
            _bannedUntil[client] = bannedUntil;
            return new RequestWeight(window.Used, limit, now, bannedUntil, Banned: true);
        }

        return new RequestWeight(window.Used, limit, now, window.Used > limit ? (minute + 1) * 60_000 : null);
    }

    private sealed record Window(long Minute, int Used);
}

/// <summary>
/// A client's request weight after <see cref="RequestWeightLimiter.Take"/>: the minute's total so far, the limit, and,
/// when the request is refused, until when (epoch milliseconds): the next minute when over the limit, the ban's end
/// when banned.
/// </summary>
public readonly record struct RequestWeight(int Used, int Limit, long Now, long? RefusedUntil, bool Banned = false)
{
    public bool Refused => RefusedUntil is not null;

    /// <summary>Whole seconds until the client may send again (at least 1); 0 when not refused.</summary>
    public int RetryAfterSeconds => RefusedUntil is { } until ? (int)Math.Max(1, Math.Ceiling((until - Now) / 1000.0)) : 0;

    /// <summary>Binance's error for a refused request: -1003 with 429, or 418 when banned; null when the request may go on.</summary>
    public BinanceError? Error => RefusedUntil is not { } until ? null
        : Banned ? BinanceErrors.Banned(until, RetryAfterSeconds)
        : BinanceErrors.TooMuchRequestWeight(Limit, "1m", RetryAfterSeconds);
}
