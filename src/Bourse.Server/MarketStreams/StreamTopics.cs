using Bourse.MarketData;

namespace Bourse.Server.MarketStreams;

/// <summary>
/// The topic behind each valid stream name. Names are only ever those of listed markets (plus the all-market
/// ones), so the set is bounded and a client cannot grow it by subscribing to made-up names.
/// </summary>
public sealed class StreamTopics(MarketDataStore store)
{
    private readonly Lock _lock = new();
    private MarketTopics?[] _byMarket = [];
    private Dictionary<string, StreamTopic> _byName = new(StringComparer.Ordinal);

    public StreamTopic AllMiniTickers { get; } = new("!miniTicker@arr", StreamKind.AllMiniTickers, -1);

    public StreamTopic AllTickers { get; } = new("!ticker@arr", StreamKind.AllTickers, -1);

    public StreamTopic AllBookTickers { get; } = new("!bookTicker", StreamKind.AllBookTickers, -1);

    /// <summary>The topics of a listed market.</summary>
    public MarketTopics For(MarketView market)
    {
        var byMarket = Volatile.Read(ref _byMarket);
        if (market.Id < byMarket.Length && byMarket[market.Id] is { } topics)
        {
            return topics;
        }

        lock (_lock)
        {
            byMarket = _byMarket;
            if (market.Id < byMarket.Length && byMarket[market.Id] is { } existing)
            {
                return existing;
            }

            var created = new MarketTopics(market.Id, market.Symbol);
            var grown = new MarketTopics?[Math.Max(byMarket.Length, market.Id + 1)];
            Array.Copy(byMarket, grown, byMarket.Length);
            grown[market.Id] = created;
            var byName = new Dictionary<string, StreamTopic>(_byName, StringComparer.Ordinal);
            foreach (var topic in created.All)
            {
                byName[topic.Name] = topic;
            }

            Volatile.Write(ref _byName, byName);
            Volatile.Write(ref _byMarket, grown);
            return created;
        }
    }

    /// <summary>
    /// The topic a client's stream name means, or null when the name is not a stream or names an unknown market.
    /// The symbol may come in any case; the rest is case-sensitive, as Binance's.
    /// </summary>
    public StreamTopic? Find(string name)
    {
        switch (name)
        {
            case "!miniTicker@arr":
                return AllMiniTickers;
            case "!ticker@arr":
                return AllTickers;
            case "!bookTicker":
                return AllBookTickers;
        }

        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || store.GetMarket(name[..at]) is not { } market)
        {
            return null;
        }

        For(market);
        var canonical = string.Concat(market.Symbol.ToLowerInvariant(), name.AsSpan(at));
        return Volatile.Read(ref _byName).GetValueOrDefault(canonical);
    }
}
