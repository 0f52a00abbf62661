using Bourse.Identity;

namespace Bourse.Server.Http;

/// <summary>Who sent a request, as the audit log and the security checks record it.</summary>
public static class RequestClient
{
    /// <summary>The client's address and user agent.</summary>
    public static ClientInfo Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ClientInfo.Of(Ip(context), context.Request.Headers.UserAgent.ToString());
    }

    /// <summary>The peer's address: the proxy's client address once the forwarded-headers middleware has run.</summary>
    public static string Ip(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
