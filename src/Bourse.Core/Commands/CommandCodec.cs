using System.Buffers.Binary;
using System.Text;
using Bourse.Core.Model;

namespace Bourse.Core.Commands;

/// <summary>
/// The command log's payload format. Compact and versioned: a type byte, the timestamp, then a bitmap naming which
/// fields are present, each written as a zig-zag varint or a length-prefixed UTF-8 string. The sequence is not
/// stored here: the log record carries it. Field bits are persisted: never renumber, only add.
/// </summary>
public static class CommandCodec
{
    public const byte Version = 1;

    [Flags]
    private enum Field : uint
    {
        UserId = 1 << 0,
        MarketId = 1 << 1,
        AssetId = 1 << 2,
        Side = 1 << 3,
        OrderType = 1 << 4,
        TimeInForce = 1 << 5,
        SelfTradePrevention = 1 << 6,
        AllowCancelFailure = 1 << 7,
        Price = 1 << 8,
        Quantity = 1 << 9,
        QuoteQuantity = 1 << 10,
        StopPrice = 1 << 11,
        IcebergQuantity = 1 << 12,
        ClientOrderId = 1 << 13,
        TargetOrderId = 1 << 14,
        TargetClientOrderId = 1 << 15,
        Amount = 1 << 16,
        // Command.SharedId: a transfer's recipient, a withdrawal id, a fee tier, account restrictions or asset suspensions, by command type.
        SharedId = 1 << 17,
        Reference = 1 << 18,
        MakerFeePpm = 1 << 19,
        TakerFeePpm = 1 << 20,
        MarketStatus = 1 << 21,
        AssetSpec = 1 << 22,
        MarketSpec = 1 << 23,
        ToAssetId = 1 << 24,
        ViaMarketId = 1 << 25,
        MinimumReceived = 1 << 26,
        ExpiresAt = 1 << 27,
        RatePpm = 1 << 28,
        DurationMs = 1 << 29,
        PeriodMs = 1 << 30,
        // The last bit: a further field needs a new encoding version.
        Period = 1u << 31,
    }

    /// <summary>Longest string a command may carry (client ids are 36, references 128; the rest is headroom).</summary>
    public const int MaxStringLength = 256;

    /// <summary>
    /// Whether the command can be logged and read back exactly: every string well-formed UTF-16 (an unpaired
    /// surrogate would come back as U+FFFD, so replay would differ from the live run) and at most
    /// <see cref="MaxStringLength"/> characters, and reference-data commands carrying their spec with its name.
    /// </summary>
    public static bool CanEncode(in Command command) =>
        IsLoggable(command.ClientOrderId) && IsLoggable(command.TargetClientOrderId) && IsLoggable(command.Reference)
        && (command.AssetSpec is null || (command.AssetSpec.Code is not null && IsLoggable(command.AssetSpec.Code)))
        && (command.MarketSpec is null || (command.MarketSpec.Symbol is not null && IsLoggable(command.MarketSpec.Symbol)));

    private static bool IsLoggable(string? value)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Length > MaxStringLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An upper bound of the encoded length, for sizing the buffer before <see cref="Write"/>.</summary>
    public static int MaxLength(in Command command) =>
        2 + (32 * 10) + StringMax(command.ClientOrderId) + StringMax(command.TargetClientOrderId) + StringMax(command.Reference)
        + (command.AssetSpec is { } asset ? 30 + StringMax(asset.Code) : 0)
        + (command.MarketSpec is { } market ? 160 + StringMax(market.Symbol) : 0);

    private static int StringMax(string? value) => value is null ? 0 : 5 + Encoding.UTF8.GetMaxByteCount(value.Length);

    public static int Write(in Command c, Span<byte> destination)
    {
        var bits = (Field)0;
        if (c.UserId != 0) bits |= Field.UserId;
        if (c.MarketId != 0) bits |= Field.MarketId;
        if (c.AssetId != 0) bits |= Field.AssetId;
        if (c.Side != 0) bits |= Field.Side;
        if (c.OrderType != 0) bits |= Field.OrderType;
        if (c.TimeInForce != 0) bits |= Field.TimeInForce;
        if (c.SelfTradePrevention != 0) bits |= Field.SelfTradePrevention;
        if (c.AllowCancelFailure) bits |= Field.AllowCancelFailure;
        if (c.Price != 0) bits |= Field.Price;
        if (c.Quantity != 0) bits |= Field.Quantity;
        if (c.QuoteQuantity != 0) bits |= Field.QuoteQuantity;
        if (c.StopPrice != 0) bits |= Field.StopPrice;
        if (c.IcebergQuantity != 0) bits |= Field.IcebergQuantity;
        if (c.ClientOrderId is not null) bits |= Field.ClientOrderId;
        if (c.TargetOrderId != 0) bits |= Field.TargetOrderId;
        if (c.TargetClientOrderId is not null) bits |= Field.TargetClientOrderId;
        if (c.Amount != 0) bits |= Field.Amount;
        if (c.SharedId != 0) bits |= Field.SharedId;
        if (c.Reference is not null) bits |= Field.Reference;
        if (c.MakerFeePpm != 0) bits |= Field.MakerFeePpm;
        if (c.TakerFeePpm != 0) bits |= Field.TakerFeePpm;
        if (c.MarketStatus != 0) bits |= Field.MarketStatus;
        if (c.AssetSpec is not null) bits |= Field.AssetSpec;
        if (c.MarketSpec is not null) bits |= Field.MarketSpec;
        if (c.ToAssetId != 0) bits |= Field.ToAssetId;
        if (c.ViaMarketId != 0) bits |= Field.ViaMarketId;
        if (c.MinimumReceived != 0) bits |= Field.MinimumReceived;
        if (c.ExpiresAt != 0) bits |= Field.ExpiresAt;
        if (c.RatePpm != 0) bits |= Field.RatePpm;
        if (c.DurationMs != 0) bits |= Field.DurationMs;
        if (c.PeriodMs != 0) bits |= Field.PeriodMs;
        if (c.Period != 0) bits |= Field.Period;

        var w = new SpanWriter(destination);
        w.Byte(Version);
        w.Byte((byte)c.Type);
        w.Long(c.Timestamp);
        w.Unsigned((uint)bits);
        if ((bits & Field.UserId) != 0) w.Long(c.UserId);
        if ((bits & Field.MarketId) != 0) w.Long(c.MarketId);
        if ((bits & Field.AssetId) != 0) w.Long(c.AssetId);
        if ((bits & Field.Side) != 0) w.Byte((byte)c.Side);
        if ((bits & Field.OrderType) != 0) w.Byte((byte)c.OrderType);
        if ((bits & Field.TimeInForce) != 0) w.Byte((byte)c.TimeInForce);
        if ((bits & Field.SelfTradePrevention) != 0) w.Byte((byte)c.SelfTradePrevention);
        if ((bits & Field.Price) != 0) w.Long(c.Price);
        if ((bits & Field.Quantity) != 0) w.Long(c.Quantity);
        if ((bits & Field.QuoteQuantity) != 0) w.Long(c.QuoteQuantity);
        if ((bits & Field.StopPrice) != 0) w.Long(c.StopPrice);
        if ((bits & Field.IcebergQuantity) != 0) w.Long(c.IcebergQuantity);
        if ((bits & Field.ClientOrderId) != 0) w.String(c.ClientOrderId!);
        if ((bits & Field.TargetOrderId) != 0) w.Long(c.TargetOrderId);
        if ((bits & Field.TargetClientOrderId) != 0) w.String(c.TargetClientOrderId!);
        if ((bits & Field.Amount) != 0) w.Long(c.Amount);
        if ((bits & Field.SharedId) != 0) w.Long(c.SharedId);
        if ((bits & Field.Reference) != 0) w.String(c.Reference!);
        if ((bits & Field.MakerFeePpm) != 0) w.Long(c.MakerFeePpm);
        if ((bits & Field.TakerFeePpm) != 0) w.Long(c.TakerFeePpm);
        if ((bits & Field.MarketStatus) != 0) w.Byte((byte)c.MarketStatus);
        if (c.AssetSpec is { } asset)
        {
            w.Long(asset.Id);
            w.String(asset.Code);
            w.Long(asset.Scale);
        }

        if (c.MarketSpec is { } m)
        {
            w.Long(m.Id);
            w.String(m.Symbol);
            w.Long(m.BaseAssetId);
            w.Long(m.QuoteAssetId);
            w.Long(m.TickSize);
            w.Long(m.LotSize);
            w.Long(m.MinQuantity);
            w.Long(m.MaxQuantity);
            w.Long(m.MinNotional);
            w.Long(m.MinPrice);
            w.Long(m.MaxPrice);
            w.Long(m.MaxNotional);
            w.Long(m.MarketOrderBandPpm);
            w.Long(m.MaxIcebergParts);
        }

        if ((bits & Field.ToAssetId) != 0) w.Long(c.ToAssetId);
        if ((bits & Field.ViaMarketId) != 0) w.Long(c.ViaMarketId);
        if ((bits & Field.MinimumReceived) != 0) w.Long(c.MinimumReceived);
        if ((bits & Field.ExpiresAt) != 0) w.Long(c.ExpiresAt);
        if ((bits & Field.RatePpm) != 0) w.Long(c.RatePpm);
        if ((bits & Field.DurationMs) != 0) w.Long(c.DurationMs);
        if ((bits & Field.PeriodMs) != 0) w.Long(c.PeriodMs);
        if ((bits & Field.Period) != 0) w.Long(c.Period);
        return w.Position;
    }

    /// <summary>Decodes a payload; throws <see cref="InvalidDataException"/> on bytes this codec did not write.</summary>
    public static Command Read(ReadOnlySpan<byte> source, long sequence)
    {
        var r = new SpanReader(source);
        if (r.Byte() != Version)
        {
            throw new InvalidDataException("Unknown command encoding version.");
        }

        var c = new Command { Type = (CommandType)r.Byte(), Sequence = sequence, Timestamp = r.Long() };
        var bits = (Field)r.Unsigned();
        if ((bits & Field.UserId) != 0) c.UserId = r.Long();
        if ((bits & Field.MarketId) != 0) c.MarketId = (int)r.Long();
        if ((bits & Field.AssetId) != 0) c.AssetId = (int)r.Long();
        if ((bits & Field.Side) != 0) c.Side = (Side)r.Byte();
        if ((bits & Field.OrderType) != 0) c.OrderType = (OrderType)r.Byte();
        if ((bits & Field.TimeInForce) != 0) c.TimeInForce = (TimeInForce)r.Byte();
        if ((bits & Field.SelfTradePrevention) != 0) c.SelfTradePrevention = (SelfTradePrevention)r.Byte();
        c.AllowCancelFailure = (bits & Field.AllowCancelFailure) != 0;
        if ((bits & Field.Price) != 0) c.Price = r.Long();
        if ((bits & Field.Quantity) != 0) c.Quantity = r.Long();
        if ((bits & Field.QuoteQuantity) != 0) c.QuoteQuantity = r.Long();
        if ((bits & Field.StopPrice) != 0) c.StopPrice = r.Long();
        if ((bits & Field.IcebergQuantity) != 0) c.IcebergQuantity = r.Long();
        if ((bits & Field.ClientOrderId) != 0) c.ClientOrderId = r.String();
        if ((bits & Field.TargetOrderId) != 0) c.TargetOrderId = r.Long();
        if ((bits & Field.TargetClientOrderId) != 0) c.TargetClientOrderId = r.String();
        if ((bits & Field.Amount) != 0) c.Amount = r.Long();
        if ((bits & Field.SharedId) != 0) c.SharedId = r.Long();
        if ((bits & Field.Reference) != 0) c.Reference = r.String();
        if ((bits & Field.MakerFeePpm) != 0) c.MakerFeePpm = (int)r.Long();
        if ((bits & Field.TakerFeePpm) != 0) c.TakerFeePpm = (int)r.Long();
        if ((bits & Field.MarketStatus) != 0) c.MarketStatus = (MarketStatus)r.Byte();
        if ((bits & Field.AssetSpec) != 0)
        {
            c.AssetSpec = new AssetSpec((int)r.Long(), r.String(), (int)r.Long());
        }

        if ((bits & Field.MarketSpec) != 0)
        {
            c.MarketSpec = new MarketSpec((int)r.Long(), r.String(), (int)r.Long(), (int)r.Long(), r.Long(), r.Long(), r.Long(),
                r.Long(), r.Long(), r.Long(), r.Long(), r.Long(), (int)r.Long(), (int)r.Long());
        }

        if ((bits & Field.ToAssetId) != 0) c.ToAssetId = (int)r.Long();
        if ((bits & Field.ViaMarketId) != 0) c.ViaMarketId = (int)r.Long();
        if ((bits & Field.MinimumReceived) != 0) c.MinimumReceived = r.Long();
        if ((bits & Field.ExpiresAt) != 0) c.ExpiresAt = r.Long();
        if ((bits & Field.RatePpm) != 0) c.RatePpm = (int)r.Long();
        if ((bits & Field.DurationMs) != 0) c.DurationMs = r.Long();
        if ((bits & Field.PeriodMs) != 0) c.PeriodMs = r.Long();
        if ((bits & Field.Period) != 0) c.Period = r.Long();
        if (!r.AtEnd)
        {
            throw new InvalidDataException("Trailing bytes after a command.");
        }

        return c;
    }

    private ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; private set; }

        public void Byte(byte value) => _buffer[Position++] = value;

        public void Unsigned(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer[Position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            _buffer[Position++] = (byte)value;
        }

        public void Long(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));

        public void String(string value)
        {
            var length = Encoding.UTF8.GetBytes(value, _buffer[(Position + 4)..]);
            BinaryPrimitives.WriteInt32LittleEndian(_buffer[Position..], length);
            Position += 4 + length;
        }
    }

    private ref struct SpanReader(ReadOnlySpan<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;
        private int _position;

        public readonly bool AtEnd => _position == _buffer.Length;

        public byte Byte() => _position < _buffer.Length ? _buffer[_position++] : throw Truncated();

        public ulong Unsigned()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw new InvalidDataException("Varint too long.");
        }

        public long Long()
        {
            var raw = Unsigned();
            return (long)(raw >> 1) ^ -(long)(raw & 1);
        }

        public string String()
        {
            if (_position + 4 > _buffer.Length)
            {
                throw Truncated();
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer[_position..]);
            if (length < 0 || _position + 4 + length > _buffer.Length)
            {
                throw Truncated();
            }

            var value = Encoding.UTF8.GetString(_buffer.Slice(_position + 4, length));
            _position += 4 + length;
            return value;
        }

        private static InvalidDataException Truncated() => new("Command payload is truncated.");
    }
}
