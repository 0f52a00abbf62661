using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bourse.Server.Tests;

/// <summary>A market-stream client over a real <see cref="ClientWebSocket"/>: sends control messages, reads JSON frames.</summary>
public sealed class StreamClient : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[1 << 20];

    private StreamClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<StreamClient> ConnectAsync(IBourseServer server, string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        var uri = new Uri($"ws://{server.BaseAddress.Authority}{pathAndQuery}");
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new StreamClient(socket);
    }

    public Task SendAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next text frame as JSON; throws on close or after <paramref name="timeout"/> (10 s by default).</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await Socket.ReceiveAsync(_buffer.AsMemory(length), cts.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        if (result.MessageType == WebSocketMessageType.Close)
        {
            throw new WebSocketException($"closed: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
        }

        return JsonSerializer.Deserialize<JsonElement>(_buffer.AsSpan(0, length));
    }

    /// <summary>Reads frames until one matches, skipping the rest.</summary>
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("no matching stream message");
            }

            var message = await ReceiveAsync(left);
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Sends a control message and reads frames until the reply with that id.</summary>
    public async Task<JsonElement> RequestAsync(string json, int id)
    {
        await SendAsync(json);
        return await ReceiveUntilAsync(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var i)
            && i.ValueKind == JsonValueKind.Number && i.GetInt32() == id);
    }

    /// <summary>Reads until the server closes; returns its close status, or null if it just dropped the connection.</summary>
    public async Task<WebSocketCloseStatus?> ReadUntilClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(_buffer.AsMemory(), cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return Socket.CloseStatus;
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server may have closed first.
            }
        }

        Socket.Dispose();
    }
}
