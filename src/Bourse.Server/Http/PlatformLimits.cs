
namespace Bourse.Server.Http;

/// <summary>Request limits of the platform API. Section <c>Bourse:Limits</c>.</summary>
public sealed class PlatformLimits
{
    public const string Section = "Bourse:Limits";

    /// <summary>Sign-up, sign-in, refresh, verification and reset requests per client IP per minute.</summary>
    public int AuthPerMinutePerIp { get; set; } = 30;

    /// <summary>Other /api/v1 requests per user (or per IP before sign-in) per minute.</summary>
    public int PlatformPerMinute { get; set; } = 1200;

    /// <summary>Expensive reads (those whose cost grows with the user's history: PnL, statistics) one user may run at once.</summary>
    public int ExpensiveReadsPerUser { get; set; } = 1;

    /// <summary>Expensive reads the whole server runs at once: half the cores, at least one, so they never take them all.</summary>
    public int ExpensiveReadsAtOnce { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Expensive reads that may wait for a turn (while their client waits); more are answered 503.</summary>
    public int ExpensiveReadsQueued { get; set; } = 64;
}
