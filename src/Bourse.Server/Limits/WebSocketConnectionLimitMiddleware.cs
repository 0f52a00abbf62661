using System.Collections.Concurrent;
using System.Globalization;
using Bourse.Api.Binance;

namespace Bourse.Server.Limits;

/// <summary>
/// Caps the WebSocket connections one client IP holds open at once (every stream, listenKey and WebSocket API
/// connection counts), so one host cannot make the publisher serve an unbounded number of sockets. Over the cap the
/// upgrade is refused with 429 (-1003). The request pipeline stays inside a WebSocket handler for the connection's
/// life, so the slot is released when the handler returns.
/// </summary>
public sealed class WebSocketConnectionLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const int DefaultConnectionsPerIp = 1_000;

    private readonly int _limit = configuration.GetValue("Bourse:WebSocketConnectionsPerIp", DefaultConnectionsPerIp);
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (_open.AddOrUpdate(client, 1, (_, n) => n + 1) > _limit)
        {
            Release(client);
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "10";
            context.Response.ContentType = "application/json";
            var error = new BinanceError(BinanceErrors.TooManyRequestsCode,
                string.Create(CultureInfo.InvariantCulture, $"Too many WebSocket connections from this IP; the limit is {_limit}."));
            await context.Response.WriteAsync(BinanceJson.Serialize(error)).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Release(client);
        }
    }

    private void Release(string client)
    {
        // Remove the entry when it reaches zero so the table holds only clients with open connections.
        while (_open.TryGetValue(client, out var n))
        {
            if (n <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(client, n)) : _open.TryUpdate(client, n - 1, n))
            {
                return;
            }
        }
    }
}
