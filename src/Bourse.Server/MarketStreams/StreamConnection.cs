using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Bourse.Server.MarketStreams;

/// <summary>
/// One market-stream WebSocket: its subscriptions, its bounded outbound queue and the two loops that serve it. The
/// send loop is the socket's only sender (messages, control replies and the close frame all go through it); the
/// receive loop reads control messages and enforces the message-rate limit. A client whose queue overflows is
/// dropped as a slow consumer: it gets a close frame if it can take one within the grace period, else an abort.
/// </summary>
public sealed class StreamConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly StreamTopics _topics;
    private readonly MarketStreamOptions _options;
    private readonly StreamMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Channel<byte[]> _outbound;
    private readonly CancellationTokenSource _abort = new();
    private readonly List<StreamTopic> _subscriptions = [];
    private readonly Queue<long> _recentMessages = new();
    private CloseRequest? _close;
    private int _closing;
    private bool _combined;

    public StreamConnection(WebSocket socket, StreamTopics topics, MarketStreamOptions options, StreamMetrics metrics, TimeProvider time, bool combined)
    {
        _socket = socket;
        _topics = topics;
        _options = options;
        _metrics = metrics;
        _time = time;
        _combined = combined;
        _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.OutboundQueueMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Whether messages are wrapped as <c>{"stream":…,"data":…}</c> (<c>/stream</c>, or <c>SET_PROPERTY combined</c>).</summary>
    public bool Combined
    {
        get => Volatile.Read(ref _combined);
        internal set => Volatile.Write(ref _combined, value);
    }

    /// <summary>Streams followed, in the order subscribed (receive loop only).</summary>
    internal IReadOnlyList<StreamTopic> Subscriptions => _subscriptions;

    internal int MaxStreams => _options.MaxStreamsPerConnection;

    internal StreamTopics Topics => _topics;

    /// <summary>Queues a message without waiting; a full queue drops the connection as a slow consumer.</summary>
    public void Enqueue(byte[] message)
    {
        if (!_outbound.Writer.TryWrite(message) && Volatile.Read(ref _closing) == 0)
        {
            _metrics.SlowConsumersDropped.Inc();
            Close(WebSocketCloseStatus.PolicyViolation, "slow consumer: fell behind the stream");
        }
    }

    /// <summary>Serves the connection until either side closes it or it fails.</summary>
    public async Task RunAsync(IEnumerable<StreamTopic> initialStreams)
    {
        foreach (var topic in initialStreams)
        {
            Subscribe(topic);
        }

        _metrics.OpenConnections.Inc();
        var sending = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        finally
        {
            foreach (var topic in _subscriptions)
            {
                topic.Remove(this);
            }

            _subscriptions.Clear();
            Close(WebSocketCloseStatus.NormalClosure, "");
            await sending.ConfigureAwait(false);
            _metrics.OpenConnections.Dec();
        }
    }

    public void Dispose() => _abort.Dispose();

    internal bool IsSubscribed(StreamTopic topic) => _subscriptions.Contains(topic);

    internal void Subscribe(StreamTopic topic)
    {
        if (!_subscriptions.Contains(topic))
        {
            _subscriptions.Add(topic);
            topic.Add(this);
        }
    }

    internal void Unsubscribe(StreamTopic topic)
    {
        if (_subscriptions.Remove(topic))
        {
            topic.Remove(this);
        }
    }

    /// <summary>Asks the send loop to stop sending and close with <paramref name="status"/>; the first reason wins.</summary>
    private void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.CompareExchange(ref _closing, 1, 0) != 0)
        {
            return;
        }

        Volatile.Write(ref _close, new CloseRequest(status, reason));
        _outbound.Writer.TryComplete();
        try
        {
            _abort.CancelAfter(_options.SlowConsumerCloseGrace);
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    private async Task SendLoopAsync()
    {
        var token = _abort.Token;
        try
        {
            var reader = _outbound.Reader;
            while (Volatile.Read(ref _close) is null && await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (Volatile.Read(ref _close) is null && reader.TryRead(out var message))
                {
                    await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
                }
            }

            if (Volatile.Read(ref _close) is { } close && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(close.Status, close.Reason, token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The client went away or was too slow to take even the close frame.
        }
        finally
        {
            // Nothing more can be sent: give the receive loop the grace period to see the client's close, then abort.
            Close(WebSocketCloseStatus.NormalClosure, "");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var token = _abort.Token;
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= _options.MaxIncomingMessageBytes)
                        {
                            Close(WebSocketCloseStatus.MessageTooBig, "Message too big");
                            return;
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxIncomingMessageBytes));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), token).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close(WebSocketCloseStatus.NormalClosure, "");
                    return;
                }

                if (Volatile.Read(ref _closing) != 0)
                {
                    continue;
                }

                if (!WithinMessageRate())
                {
                    Close(WebSocketCloseStatus.PolicyViolation, "Too many requests");
                    continue;
                }

                Enqueue(StreamControl.Handle(this, buffer.AsSpan(0, length)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // Aborted (slow consumer past its grace, or the server stopping) or the client vanished.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Counts a message against the per-second limit; false once a second holds more than the limit.</summary>
    private bool WithinMessageRate()
    {
        var now = _time.GetTimestamp();
        while (_recentMessages.TryPeek(out var oldest) && _time.GetElapsedTime(oldest, now) >= TimeSpan.FromSeconds(1))
        {
            _recentMessages.Dequeue();
        }

        _recentMessages.Enqueue(now);
        return _recentMessages.Count <= _options.MaxIncomingMessagesPerSecond;
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string Reason);
}
