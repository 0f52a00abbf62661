using System.Net.WebSockets;
using System.Threading.Channels;

namespace Bourse.Server.UserData;

/// <summary>
/// One accepted WebSocket carrying user data: a bounded queue of outgoing text frames drained by its own send loop,
/// and a receive loop that hands text frames to the endpoint. A client that lets the queue fill up is closed
/// (1008, "slow consumer") rather than slowing the engine or anyone else; a close that cannot be delivered in
/// <see cref="UserDataOptions.CloseTimeout"/> becomes an abort.
/// </summary>
public sealed partial class UserDataConnection
{
    public const string SlowConsumerReason = "slow consumer: outbound queue full";
    private readonly WebSocket _socket;
    private readonly UserDataOptions _options;
    private readonly ILogger _logger;
    private readonly string _connectionId;
    private readonly Channel<ReadOnlyMemory<byte>> _outbound;
    private readonly CancellationTokenSource _closing = new();
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";
    private int _closeRequested;
    private volatile bool _dropQueued;

    public UserDataConnection(WebSocket socket, UserDataOptions options, ILogger logger, string connectionId)
    {
        _socket = socket;
        _options = options;
        _logger = logger;
        _connectionId = connectionId;
        _outbound = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.OutboundQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Fires when the connection starts closing, for whatever reason.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Queues a text frame; a full queue closes the connection as a slow consumer.</summary>
    public bool TrySend(ReadOnlyMemory<byte> frame)
    {
        if (_outbound.Writer.TryWrite(frame))
        {
            return true;
        }

        if (_closeRequested == 0)
        {
            LogSlowConsumer(_logger, _connectionId, _options.OutboundQueueCapacity);
        }

        Close(WebSocketCloseStatus.PolicyViolation, SlowConsumerReason, dropQueued: true);
        return false;
    }

    /// <summary>Starts closing: the close frame goes out after the frames still queued, or instead of them.</summary>
    public void Close(WebSocketCloseStatus status, string reason, bool dropQueued = false)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        _dropQueued = dropQueued;
        _closeStatus = status;
        _closeReason = reason;
        _outbound.Writer.TryComplete();
        _closing.Cancel();
        _ = AbortIfStuckAsync();
    }

    /// <summary>Runs until the connection is closed; <paramref name="onText"/> gets each text frame in order.</summary>
    public async Task RunAsync(Func<ReadOnlyMemory<byte>, Task> onText, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(onText);
        using var registration = stopping.Register(() => Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down"));
        var sending = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync(onText).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away; closing below settles the rest.
        }
        finally
        {
            // Also after a handler failure, so the send loop never stays parked on an open queue.
            Close(WebSocketCloseStatus.NormalClosure, "", dropQueued: true);
            await sending.ConfigureAwait(false);
            _socket.Dispose();
        }
    }

    private async Task ReceiveLoopAsync(Func<ReadOnlyMemory<byte>, Task> onText)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open)
        {
            var received = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (message.Length + received.Count > _options.MaxRequestBytes)
            {
                Close(WebSocketCloseStatus.MessageTooBig, "request too large", dropQueued: true);
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            if (received.MessageType == WebSocketMessageType.Text && _closeRequested == 0)
            {
                await onText(message.ToArray()).ConfigureAwait(false);
            }

            message.SetLength(0);
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (_dropQueued)
                {
                    break;
                }

                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeReason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client is gone; nothing left to tell it.
        }
    }

    private async Task AbortIfStuckAsync()
    {
        await Task.Delay(_options.CloseTimeout).ConfigureAwait(false);
        if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _socket.Abort();
        }
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "User data connection {ConnectionId} closed as a slow consumer: {Capacity} frames waiting")]
    private static partial void LogSlowConsumer(ILogger logger, string connectionId, int capacity);
}
