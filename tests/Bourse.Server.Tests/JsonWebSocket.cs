using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Bourse.Server.Tests;

/// <summary>
/// A test's WebSocket: JSON text frames out, and a background reader that queues every received frame so a test can
/// wait for the next one with a timeout. Without <c>startReading</c> it reads nothing until asked (a slow consumer).
/// </summary>
public sealed class JsonWebSocket : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker? _invoker;
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private Task? _reading;

    private JsonWebSocket(ClientWebSocket socket, HttpMessageInvoker? invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    /// <summary>Connects to <paramref name="path"/> on the server; <paramref name="receiveBufferBytes"/> shrinks the socket's receive buffer.</summary>
    public static async Task<JsonWebSocket> ConnectAsync(Uri baseAddress, string path, bool startReading = true, int? receiveBufferBytes = null)
    {
        var socket = new ClientWebSocket();
        var uri = new Uri($"ws://{baseAddress.Authority}{path}");
        HttpMessageInvoker? invoker = null;
        if (receiveBufferBytes is { } size)
        {
            invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellation) =>
                {
                    var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = size };
                    await tcp.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(tcp, ownsSocket: true);
                },
            });
        }

        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, invoker, timeout.Token);
        var client = new JsonWebSocket(socket, invoker);
        if (startReading)
        {
            client.StartReading();
        }

        return client;
    }

    public void StartReading() => _reading ??= ReadLoopAsync();

    public async Task SendAsync(string json) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next frame; fails the test after <paramref name="timeout"/> or when the server closed the socket.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _received.Reader.ReadAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no frame received in time");
        }
    }

    /// <summary>Every frame until the server closes the socket.</summary>
    public async Task<List<JsonElement>> ReceiveUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var frames = new List<JsonElement>();
        await foreach (var frame in _received.Reader.ReadAllAsync(cancellation.Token))
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>A signed WebSocket API request as the spec describes: params minus signature, sorted by name, joined k=v&amp;.</summary>
    public static string SignedRequest(string id, string method, string apiKey, string secret, string? signatureOverride = null, TimeProvider? clock = null)
    {
        var timestamp = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["apiKey"] = apiKey,
            ["recvWindow"] = "10000",
            ["timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var payload = string.Join('&', parameters.Select(p => $"{p.Key}={p.Value}"));
        var signature = signatureOverride ?? Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));
        return $$$"""{"id":{{{id}}},"method":"{{{method}}}","params":{"apiKey":"{{{apiKey}}}","recvWindow":10000,"timestamp":{{{timestamp}}},"signature":"{{{signature}}}"}}""";
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        if (_reading is not null)
        {
            // Let the server answer the close, then cut off whatever is left.
            await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        _socket.Abort();
        if (_reading is not null)
        {
            await _reading;
        }

        _socket.Dispose();
        _invoker?.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _received.Writer.TryWrite(JsonSerializer.Deserialize<JsonElement>(message.ToArray()));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Aborted: the frames so far are all there is.
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }
}
