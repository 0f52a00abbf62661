using System.Globalization;
using System.Threading.RateLimiting;
using Bourse.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace Bourse.Server.Http;

/// <summary>
/// Rate limits of /api/v1 through ASP.NET Core's rate limiter: a strict per-IP window on the auth endpoints (against
/// credential stuffing, next to the per-account lockout) and a per-user budget on the rest. A refusal's Retry-After is
/// the time until a request would be let through, rounded up to whole seconds. The state is in process;
/// System.Threading.RateLimiting partitions are the seam where a shared store plugs in for several nodes.
/// </summary>
public static class PlatformRateLimits
{
    public const string Auth = "auth";
    public const string Platform = "platform";

    public static IServiceCollection AddPlatformRateLimits(this IServiceCollection services, PlatformLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        services.AddSingleton(_ => new ExpensiveReads(limits));
        return services.AddRateLimiter(options =>
        {
            // A rolling minute on the server's clock, so a refusal says how long until the oldest attempt leaves it.
            options.AddPolicy(Auth, context => RateLimitPartition.Get(ClientBucket(context), _ => new RollingWindowLimiter(limits.AuthPerMinutePerIp,
                TimeSpan.FromMinutes(1), context.RequestServices.GetRequiredService<TimeProvider>())));
            options.AddPolicy(Platform, context => RateLimitPartition.GetTokenBucketLimiter(
                AccessTokens.UserId(context.User) is { } user ? "user:" + user.ToString(CultureInfo.InvariantCulture) : "ip:" + ClientBucket(context),
                _ => PlatformBucket(limits.PlatformPerMinute)));
            options.OnRejected = async (context, token) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblem.TooManyRequests("rate_limited", "Too many requests from this client; slow down and retry after the delay.", retryAfter)
                    .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
    }

    /// <summary>
    /// A bucket of one minute's budget that refills smoothly at the per-minute rate: the replenishing timer ticks at
    /// most every 100 ms, so large budgets add several tokens a tick and small ones one token every few seconds.
    /// </summary>
    internal static TokenBucketRateLimiterOptions PlatformBucket(int perMinute)
    {
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling(perMinute / 600.0));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * tokensPerPeriod / perMinute,
            QueueLimit = 0,
        };
    }

    /// <summary>
    /// The rate-limit bucket of a client: its IPv4 address, or the /64 network of an IPv6 one — a single host is
    /// routinely given a whole /64, so per-address buckets would give it billions of budgets.
    /// </summary>
    public static string ClientBucket(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new System.Net.IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}
