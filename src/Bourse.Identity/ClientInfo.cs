namespace Bourse.Identity;

/// <summary>Who is asking, for sessions and the audit log: the remote IP and the (truncated) User-Agent.</summary>
public sealed record ClientInfo(string Ip, string UserAgent)
{
    public const int MaxUserAgentLength = 256;

    public static ClientInfo Of(string? ip, string? userAgent) =>
        new(ip ?? "unknown", userAgent is null ? string.Empty : userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent);
}
