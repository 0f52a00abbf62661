using System.Globalization;
using System.Threading.RateLimiting;
using Bourse.Identity;

namespace Bourse.Server.Http;

/// <summary>
/// Bounds the reads whose cost grows with a user's history (PnL, lifetime statistics): one of a kind at a time per
/// user — a second while the first runs gets 429 with Retry-After; different kinds may run side by side, as a page
/// loading PnL and statistics does — and a few at a time in the whole server, so they can never take every core from
/// matching and everyone else's requests; the rest wait their turn in a bounded queue (as long as their client does)
/// and past it get 503. Built from System.Threading.RateLimiting's concurrency limiters, as the
/// request-rate policies of <see cref="PlatformRateLimits"/> are from its rate limiters.
/// </summary>
public sealed class ExpensiveReads : IDisposable
{
    /// <summary>What a refused caller is told to wait: expensive reads take a fraction of a second to a few seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly PartitionedRateLimiter<(long UserId, string Kind)> _perUser;
    private readonly ConcurrencyLimiter _shared;

    public ExpensiveReads(PlatformLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var perUser = Math.Max(1, limits.ExpensiveReadsPerUser);
        _perUser = PartitionedRateLimiter.Create<(long UserId, string Kind), (long UserId, string Kind)>(read => RateLimitPartition.GetConcurrencyLimiter(read,
            _ => new ConcurrencyLimiterOptions { PermitLimit = perUser, QueueLimit = 0 }));
        _shared = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, limits.ExpensiveReadsAtOnce),
            QueueLimit = Math.Max(0, limits.ExpensiveReadsQueued),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>A permit for one expensive read of this kind by this user, waiting for the shared bound if need be; dispose it when done.</summary>
    public async ValueTask<(RateLimitLease? Permit, Refusal Refusal)> EnterAsync(long userId, string kind, CancellationToken cancellationToken)
    {
        var mine = _perUser.AttemptAcquire((userId, kind));
        if (!mine.IsAcquired)
        {
            mine.Dispose();
            return (null, Refusal.UserBusy);
        }

        try
        {
            var shared = await _shared.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!shared.IsAcquired)
            {
                shared.Dispose();
                mine.Dispose();
                return (null, Refusal.ServerBusy);
            }

            return (new Both(mine, shared), Refusal.None);
        }
        catch
        {
            mine.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The endpoint filter: runs the handler under a permit of the signed-in user, or answers 429 (another read of this
    /// kind by this user is running) or 503 (too many are waiting server-wide), both with Retry-After.
    /// </summary>
    public static async ValueTask<object?> LimitAsync(string kind, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var reads = http.RequestServices.GetRequiredService<ExpensiveReads>();
        var (permit, refusal) = await reads.EnterAsync(AccessTokens.UserId(http.User) ?? 0, kind, http.RequestAborted).ConfigureAwait(false);
        if (permit is null)
        {
            var seconds = (long)Math.Ceiling(RetryAfter.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return refusal == Refusal.UserBusy
                ? ApiProblem.TooManyRequests("concurrent_request",
                    "The same request from your account is still running; retry when it has finished.", RetryAfter)
                : ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "server_busy", "The server is busy.",
                    "Too many expensive requests are waiting; retry after the delay.", new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
        }

        using (permit)
        {
            return await next(context).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _perUser.Dispose();
        _shared.Dispose();
    }

    public enum Refusal
    {
        None,
        UserBusy,
        ServerBusy,
    }

    private sealed class Both(RateLimitLease first, RateLimitLease second) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                second.Dispose();
                first.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>Marks endpoints as expensive reads (<see cref="ExpensiveReads"/>).</summary>
public static class ExpensiveReadEndpoints
{
    /// <param name="kind">The read's name: a user runs one read of a kind at a time.</param>
    public static TBuilder LimitedAsExpensiveRead<TBuilder>(this TBuilder builder, string kind) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter((context, next) => ExpensiveReads.LimitAsync(kind, context, next));
}
