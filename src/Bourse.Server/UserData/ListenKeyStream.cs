using System.Net.WebSockets;
using System.Text;
using Bourse.Api.Binance;
using Bourse.Server.Http;
using Microsoft.Extensions.Options;

namespace Bourse.Server.UserData;

/// <summary>
/// <c>/ws/&lt;listenKey&gt;</c>: the user's events, unwrapped, for as long as the key lives. An unknown or expired key
/// is refused before the upgrade; when the key expires the stream gets <c>listenKeyExpired</c> and is closed.
/// </summary>
public static class ListenKeyStream
{
    public static async Task HandleAsync(HttpContext context, string listenKey, ListenKeys keys, UserDataHub hub,
        IOptions<UserDataOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<UserDataConnection> logger)
    {
        if (keys.Find(listenKey) is not { } key)
        {
            await BinanceResults.Error(BinanceErrors.InvalidListenKey).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await BinanceResults.Error(BinanceErrors.UnsupportedOperation).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var socket = await context.WebSockets.AcceptWebSocketAsync(KeepAlive.AcceptContext(options.Value)).ConfigureAwait(false);
        var connection = new UserDataConnection(socket, options.Value, logger, context.Connection.Id);
        var subscription = new StreamSubscription(key.UserId, connection);
        hub.Subscribe(subscription);
        using var ended = key.Ended.Register(() =>
        {
            if (key.Expired)
            {
                var expired = $$"""{"e":"listenKeyExpired","E":{{time.GetUtcNow().ToUnixTimeMilliseconds()}},"listenKey":"{{key.Key}}"}""";
                connection.TrySend(Encoding.UTF8.GetBytes(expired));
            }

            connection.Close(WebSocketCloseStatus.NormalClosure, key.Expired ? "listenKey expired" : "listenKey deleted");
        });
        try
        {
            // Clients send nothing on this stream but pongs and the close; any text is ignored.
            await connection.RunAsync(_ => Task.CompletedTask, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        finally
        {
            hub.Unsubscribe(subscription);
        }
    }

    private sealed class StreamSubscription(long userId, UserDataConnection connection) : IUserDataSubscription
    {
        public long UserId { get; } = userId;

        public void Deliver(ReadOnlyMemory<byte> eventJson) => connection.TrySend(eventJson);
    }
}
