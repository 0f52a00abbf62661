using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Bourse.Api.Binance;
using Bourse.MarketData;
using Bourse.MarketData.Books;
using Bourse.MarketData.Klines;
using Bourse.MarketData.Tickers;
using Bourse.MarketData.Trades;

namespace Bourse.Server.MarketStreams;

/// <summary>
/// Writes stream messages in Binance's shapes (spec §4) as UTF-8 bytes, numbers as decimal strings at the market's
/// precision. One instance per thread: it reuses its buffer, and each result is a fresh array shared by every
/// subscriber.
/// </summary>
internal sealed class StreamPayloads
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

    public StreamPayloads() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    public byte[] Trade(MarketListing l, Trade t) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "trade");
        w.WriteNumber("E", t.Time);
        w.WriteString("s", l.Symbol);
        w.WriteNumber("t", t.Id);
        w.WriteString("p", Price(t.Price, l));
        w.WriteString("q", Quantity(t.Quantity, l));
        w.WriteNumber("T", t.Time);
        w.WriteBoolean("m", t.IsBuyerMaker);
        w.WriteBoolean("M", true);
        w.WriteEndObject();
    });

    public byte[] AggregateTrade(MarketListing l, AggregateTrade t) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "aggTrade");
        w.WriteNumber("E", t.Time);
        w.WriteString("s", l.Symbol);
        w.WriteNumber("a", t.Id);
        w.WriteString("p", Price(t.Price, l));
        w.WriteString("q", Quantity(t.Quantity, l));
        w.WriteNumber("f", t.FirstTradeId);
        w.WriteNumber("l", t.LastTradeId);
        w.WriteNumber("T", t.Time);
        w.WriteBoolean("m", t.IsBuyerMaker);
        w.WriteBoolean("M", true);
        w.WriteEndObject();
    });

    public byte[] Kline(MarketListing l, KlineInterval interval, Kline k, long now) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "kline");
        w.WriteNumber("E", now);
        w.WriteString("s", l.Symbol);
        w.WriteStartObject("k");
        w.WriteNumber("t", k.OpenTime);
        w.WriteNumber("T", k.CloseTime);
        w.WriteString("s", l.Symbol);
        w.WriteString("i", interval.Name());
        w.WriteNumber("f", k.FirstTradeId);
        w.WriteNumber("L", k.LastTradeId);
        w.WriteString("o", Price(k.Open, l));
        w.WriteString("c", Price(k.Close, l));
        w.WriteString("h", Price(k.High, l));
        w.WriteString("l", Price(k.Low, l));
        w.WriteString("v", Big(k.Volume, l.BaseScale));
        w.WriteNumber("n", k.TradeCount);
        // Closed by the wall clock too: on a quiet market no event moves the store's clock past the close.
        w.WriteBoolean("x", k.IsClosed || now > k.CloseTime);
        w.WriteString("q", Big(k.QuoteVolume, l.QuoteScale));
        w.WriteString("V", Big(k.TakerBuyBaseVolume, l.BaseScale));
        w.WriteString("Q", Big(k.TakerBuyQuoteVolume, l.QuoteScale));
        w.WriteString("B", "0");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public byte[] MiniTicker(MarketListing l, Ticker24h t, long now) => Write(w => WriteMiniTicker(w, l, t, now));

    public byte[] Ticker(MarketListing l, Ticker24h t, long now) => Write(w => WriteTicker(w, l, t, now));

    public byte[] MiniTickers(IReadOnlyList<(MarketListing Listing, Ticker24h Ticker)> tickers, long now) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var (l, t) in tickers)
        {
            WriteMiniTicker(w, l, t, now);
        }

        w.WriteEndArray();
    });

    public byte[] Tickers(IReadOnlyList<(MarketListing Listing, Ticker24h Ticker)> tickers, long now) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var (l, t) in tickers)
        {
            WriteTicker(w, l, t, now);
        }

        w.WriteEndArray();
    });

    public byte[] BookTicker(MarketListing l, BookTicker b) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("u", b.UpdateId);
        w.WriteString("s", l.Symbol);
        w.WriteString("b", Price(b.BidPrice, l));
        w.WriteString("B", Quantity(b.BidQuantity, l));
        w.WriteString("a", Price(b.AskPrice, l));
        w.WriteString("A", Quantity(b.AskQuantity, l));
        w.WriteEndObject();
    });

    public byte[] PartialDepth(MarketListing l, DepthSnapshot depth) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("lastUpdateId", depth.LastUpdateId);
        WriteLevels(w, "bids", depth.Bids, l);
        WriteLevels(w, "asks", depth.Asks, l);
        w.WriteEndObject();
    });

    public byte[] DepthUpdate(MarketListing l, DepthUpdate update, long now) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "depthUpdate");
        w.WriteNumber("E", now);
        w.WriteString("s", l.Symbol);
        w.WriteNumber("U", update.FirstUpdateId);
        w.WriteNumber("u", update.FinalUpdateId);
        WriteLevels(w, "b", update.Bids, l);
        WriteLevels(w, "a", update.Asks, l);
        w.WriteEndObject();
    });

    /// <summary><paramref name="prefix"/> (<c>{"stream":…,"data":</c>), the payload and the closing brace.</summary>
    public static byte[] Combined(byte[] prefix, byte[] payload)
    {
        var combined = new byte[prefix.Length + payload.Length + 1];
        prefix.CopyTo(combined, 0);
        payload.CopyTo(combined, prefix.Length);
        combined[^1] = (byte)'}';
        return combined;
    }

    private static void WriteMiniTicker(Utf8JsonWriter w, MarketListing l, Ticker24h t, long now)
    {
        w.WriteStartObject();
        w.WriteString("e", "24hrMiniTicker");
        w.WriteNumber("E", now);
        w.WriteString("s", l.Symbol);
        w.WriteString("c", Price(t.LastPrice, l));
        w.WriteString("o", Price(t.OpenPrice, l));
        w.WriteString("h", Price(t.HighPrice, l));
        w.WriteString("l", Price(t.LowPrice, l));
        w.WriteString("v", Big(t.Volume, l.BaseScale));
        w.WriteString("q", Big(t.QuoteVolume, l.QuoteScale));
        w.WriteEndObject();
    }

    private static void WriteTicker(Utf8JsonWriter w, MarketListing l, Ticker24h t, long now)
    {
        w.WriteStartObject();
        w.WriteString("e", "24hrTicker");
        w.WriteNumber("E", now);
        w.WriteString("s", l.Symbol);
        w.WriteString("p", t.PriceChange < 0 ? "-" + Price(-t.PriceChange, l) : Price(t.PriceChange, l));
        w.WriteString("P", t.PriceChangePercent.ToString("0.000", CultureInfo.InvariantCulture));
        w.WriteString("w", Price(t.WeightedAveragePrice, l));
        w.WriteString("x", Price(t.PrevClosePrice, l));
        w.WriteString("c", Price(t.LastPrice, l));
        w.WriteString("Q", Quantity(t.LastQuantity, l));
        w.WriteString("b", Price(t.BidPrice, l));
        w.WriteString("B", Quantity(t.BidQuantity, l));
        w.WriteString("a", Price(t.AskPrice, l));
        w.WriteString("A", Quantity(t.AskQuantity, l));
        w.WriteString("o", Price(t.OpenPrice, l));
        w.WriteString("h", Price(t.HighPrice, l));
        w.WriteString("l", Price(t.LowPrice, l));
        w.WriteString("v", Big(t.Volume, l.BaseScale));
        w.WriteString("q", Big(t.QuoteVolume, l.QuoteScale));
        w.WriteNumber("O", t.OpenTime);
        w.WriteNumber("C", t.CloseTime);
        w.WriteNumber("F", t.FirstTradeId);
        w.WriteNumber("L", t.LastTradeId);
        w.WriteNumber("n", t.Count);
        w.WriteEndObject();
    }

    private static void WriteLevels(Utf8JsonWriter w, string name, IReadOnlyList<BookLevel> levels, MarketListing l)
    {
        w.WriteStartArray(name);
        foreach (var level in levels)
        {
            w.WriteStartArray();
            w.WriteStringValue(Price(level.Price, l));
            w.WriteStringValue(Quantity(level.Quantity, l));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private byte[] Write(Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        write(_json);
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    private static string Price(long units, MarketListing l) => DecimalUnits.Format(units, l.QuoteScale);

    private static string Quantity(long units, MarketListing l) => DecimalUnits.Format(units, l.BaseScale);

    /// <summary>A 128-bit amount (volumes add up past a long) at <paramref name="scale"/> decimals.</summary>
    private static string Big(Int128 units, int scale)
    {
        if (units >= long.MinValue && units <= long.MaxValue && units >= 0)
        {
            return DecimalUnits.Format((long)units, scale);
        }

        var unit = Int128.One;
        for (var i = 0; i < scale; i++)
        {
            unit *= 10;
        }

        var whole = (units / unit).ToString(CultureInfo.InvariantCulture);
        var fraction = (units % unit).ToString(CultureInfo.InvariantCulture).PadLeft(scale, '0');
        return scale == 0 ? whole : $"{whole}.{fraction}";
    }
}
