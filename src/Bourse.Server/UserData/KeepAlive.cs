using Microsoft.AspNetCore.Http;

namespace Bourse.Server.UserData;

/// <summary>The server pings every <see cref="UserDataOptions.PingInterval"/> and drops a client silent past the pong timeout.</summary>
public static class KeepAlive
{
    public static WebSocketAcceptContext AcceptContext(UserDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new WebSocketAcceptContext { KeepAliveInterval = options.PingInterval, KeepAliveTimeout = options.PongTimeout };
    }
}
