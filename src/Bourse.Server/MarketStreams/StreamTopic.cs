using System.Text;
using Bourse.MarketData.Books;
using Bourse.MarketData.Klines;

namespace Bourse.Server.MarketStreams;

/// <summary>
/// One stream name and the connections following it. The subscriber list is copied on change, so the publisher
/// reads it without a lock and serializes each message once for all of them.
/// </summary>
public sealed class StreamTopic
{
    private readonly Lock _lock = new();
    private StreamConnection[] _subscribers = [];

    internal StreamTopic(string name, StreamKind kind, int marketId, KlineInterval interval = default, int levels = 0,
        DepthCadence cadence = DepthCadence.Every1000Ms)
    {
        Name = name;
        Kind = kind;
        MarketId = marketId;
        Interval = interval;
        Levels = levels;
        Cadence = cadence;
        CombinedPrefix = Encoding.UTF8.GetBytes($"{{\"stream\":\"{name}\",\"data\":");
    }

    /// <summary>Canonical name, symbol in lower case: <c>btcusdt@depth5@100ms</c>.</summary>
    public string Name { get; }

    public StreamKind Kind { get; }

    /// <summary>The market, or −1 for the all-market streams.</summary>
    public int MarketId { get; }

    public KlineInterval Interval { get; }

    /// <summary>Levels per side of a partial-depth stream.</summary>
    public int Levels { get; }

    public DepthCadence Cadence { get; }

    /// <summary><c>{"stream":"name","data":</c>, to wrap a payload for combined-mode subscribers.</summary>
    internal byte[] CombinedPrefix { get; }

    /// <summary>Kline streams: open time of the last kline sent, to send it once more as closed when the next opens.</summary>
    internal long LastKlineOpenTime { get; set; }

    public StreamConnection[] Subscribers => Volatile.Read(ref _subscribers);

    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length != 0;

    internal void Add(StreamConnection connection)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_subscribers, connection) < 0)
            {
                Volatile.Write(ref _subscribers, [.. _subscribers, connection]);
            }
        }
    }

    internal void Remove(StreamConnection connection)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_subscribers, connection);
            if (index >= 0)
            {
                var next = new StreamConnection[_subscribers.Length - 1];
                Array.Copy(_subscribers, next, index);
                Array.Copy(_subscribers, index + 1, next, index, next.Length - index);
                Volatile.Write(ref _subscribers, next);
            }
        }
    }
}
