
namespace Bourse.Server.Http;

/// <summary>Request limits of the platform API. Section <c>Bourse:Limits</c>.</summary>
public sealed class PlatformLimits
{
    public const string Section = "Bourse:Limits";

    /// <summary>Sign-up, sign-in, refresh, verification and reset requests per client IP per minute.</summary>
    public int AuthPerMinutePerIp { get; set; } = 30;

    /// <summary>Other /api/v1 requests per user (or per IP before sign-in) per minute.</summary>
    public int PlatformPerMinute { get; set; } = 1200;
}
