using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Bourse.Api.Binance;

/// <summary>
/// A request's parameters — the query string and an <c>application/x-www-form-urlencoded</c> body, the query winning
/// when both name a parameter — with strict typed getters that answer in Binance's error codes.
/// <para>
/// Getters never throw on bad input: the first problem is kept in <see cref="Error"/> and later getters return
/// defaults, so a handler reads everything it needs and then checks <see cref="Error"/> once. Every getter marks its
/// parameter read; <see cref="EnsureAllRead"/> then refuses anything the endpoint did not read (-1104), as Binance does.
/// </para>
/// </summary>
public sealed class ParameterReader
{
    /// <summary>More parameters than any endpoint takes; beyond this the request is refused (-1101).</summary>
    public const int MaxParameters = 64;
    public const string SymbolLegalRange = "^[A-Z0-9-_.]{1,20}$";
    public const string IntegerLegalRange = "^[0-9]{1,20}$";
    /// <summary>What signed endpoints accept besides their own parameters; authentication reads them.</summary>
    public static IReadOnlyList<string> SignedParameterNames { get; } = ["timestamp", "recvWindow", BinanceSignature.ParameterName];

    private static readonly SearchValues<char> SymbolCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    private readonly List<Entry> _entries;

    private ParameterReader(List<Entry> entries) => _entries = entries;

    /// <summary>The first problem found, by parsing or by any getter; null while all is well.</summary>
    public BinanceError? Error { get; private set; }

    public int Count => _entries.Count;

    public IEnumerable<string> Names => _entries.Select(e => e.Name);

    /// <summary>
    /// Parses the raw (still percent-encoded) query string and form body. A name twice in one of them is refused
    /// (-1101); a name in both takes the query's value and the body's is dropped.
    /// </summary>
    public static BinanceResult<ParameterReader> Parse(string? rawQueryString, string? rawFormBody)
    {
        var entries = new List<Entry>();
        var error = Append(entries, rawQueryString is { } q && q.StartsWith('?') ? q[1..] : rawQueryString);
        error ??= Append(entries, rawFormBody);
        return error is null ? new ParameterReader(entries) : error;
    }

    /// <summary>Already decoded name/value pairs, as a WebSocket API request's <c>params</c> carry them.</summary>
    public static BinanceResult<ParameterReader> FromPairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var entries = new List<Entry>();
        foreach (var (name, value) in pairs)
        {
            if (!IsLegalName(name) || HasControlCharacters(value))
            {
                return BinanceErrors.IllegalCharacters;
            }

            if (entries.Exists(e => e.Name == name))
            {
                return BinanceErrors.DuplicateParameter;
            }

            // Stop at once: the duplicate check is quadratic, and a frame can carry thousands of names.
            if (entries.Count == MaxParameters)
            {
                return BinanceErrors.TooManyParameters;
            }

            entries.Add(new Entry(name, value));
        }

        return new ParameterReader(entries);
    }

    public bool Has(string name) => Find(name) is not null;

    /// <summary>A value without marking it read (for request weights and logging).</summary>
    public string? Peek(string name) => Find(name)?.Value;

    public void MarkRead(string name)
    {
        if (Find(name) is { } entry)
        {
            entry.Read = true;
        }
    }

    /// <summary>Marks <c>timestamp</c>, <c>recvWindow</c> and <c>signature</c> read: authentication checked them.</summary>
    public void MarkSignedParametersRead()
    {
        foreach (var name in SignedParameterNames)
        {
            MarkRead(name);
        }
    }

    /// <summary>Records <paramref name="error"/> unless an earlier one is already recorded.</summary>
    public void Fail(BinanceError error) => Error ??= error;

    /// <summary>Refuses parameters nobody read (-1104); returns <see cref="Error"/>.</summary>
    public BinanceError? EnsureAllRead()
    {
        var read = _entries.Count(e => e.Read);
        if (read != _entries.Count)
        {
            Fail(BinanceErrors.UnreadParameters(read, _entries.Count));
        }

        return Error;
    }

    // ---- typed getters ----

    /// <summary>A mandatory parameter as sent; missing or empty is -1102.</summary>
    public string RequiredString(string name) => Take(name, required: true) ?? "";

    /// <summary>An optional parameter as sent; empty is -1105.</summary>
    public string? OptionalString(string name) => Take(name, required: false);

    public string RequiredSymbol(string name = "symbol") => Symbol(name, required: true) ?? "";

    public string? OptionalSymbol(string name = "symbol") => Symbol(name, required: false);

    public T Required<T>(string name, WireEnum<T> names)
        where T : struct, Enum => Enum(name, names, required: true) ?? default;

    public T? Optional<T>(string name, WireEnum<T> names)
        where T : struct, Enum => Enum(name, names, required: false);

    /// <summary>A non-negative integer (ids, times, limits); outside [min, max] is -1130.</summary>
    public long RequiredLong(string name, long min = 0, long max = long.MaxValue) => Long(name, min, max, required: true) ?? 0;

    public long? OptionalLong(string name, long min = 0, long max = long.MaxValue) => Long(name, min, max, required: false);

    /// <summary>
    /// A decimal amount in smallest units at <paramref name="scale"/>: malformed is -1100, too many decimals -1111,
    /// too large for a long the <paramref name="overflowFilter"/> filter failure (-1013).
    /// </summary>
    public long RequiredUnits(string name, int scale, string overflowFilter) => Units(name, scale, overflowFilter, required: true) ?? 0;

    public long? OptionalUnits(string name, int scale, string overflowFilter) => Units(name, scale, overflowFilter, required: false);

    /// <summary>
    /// A decimal amount in whole units, for the trading intake to check against its asset: malformed is -1100; its
    /// precision and size are the intake's to judge.
    /// </summary>
    public decimal? OptionalAmount(string name)
    {
        var text = Take(name, required: false);
        if (text is null)
        {
            return null;
        }

        if (DecimalUnits.TryParseAmount(text, out var amount))
        {
            return amount;
        }

        Fail(BinanceErrors.IllegalCharactersIn(name, DecimalUnits.LegalRange));
        return null;
    }

    /// <summary>"true" or "false" in any case (python's requests sends "True").</summary>
    public bool? OptionalBool(string name)
    {
        var text = Take(name, required: false);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Fail(BinanceErrors.IllegalCharactersIn(name, "true, false"));
        return null;
    }

    /// <summary>A client order id: <c>^[\.A-Z\:/a-z0-9_-]{1,36}$</c>, else -1100.</summary>
    public string? OptionalClientOrderId(string name)
    {
        var text = Take(name, required: false);
        if (text is null || ClientOrderIds.IsValid(text))
        {
            return text;
        }

        Fail(BinanceErrors.IllegalCharactersIn(name, ClientOrderIds.LegalRange));
        return null;
    }

    private string? Symbol(string name, bool required)
    {
        var text = Take(name, required);
        if (text is null)
        {
            return null;
        }

        if (text.Length > 20 || text.AsSpan().ContainsAnyExcept(SymbolCharacters))
        {
            Fail(BinanceErrors.IllegalCharactersIn(name, SymbolLegalRange));
            return null;
        }

        return text;
    }

    private T? Enum<T>(string name, WireEnum<T> names, bool required)
        where T : struct, System.Enum
    {
        var text = Take(name, required);
        if (text is null)
        {
            return null;
        }

        if (names.TryParse(text, out var value))
        {
            return value;
        }

        Fail(names.Invalid(name, text));
        return null;
    }

    private long? Long(string name, long min, long max, bool required)
    {
        var text = Take(name, required);
        if (text is null)
        {
            return null;
        }

        if (text.Length > 20 || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            Fail(BinanceErrors.IllegalCharactersIn(name, IntegerLegalRange));
            return null;
        }

        if (!ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value > long.MaxValue || (long)value < min || (long)value > max)
        {
            Fail(BinanceErrors.InvalidParameter(name));
            return null;
        }

        return (long)value;
    }

    private long? Units(string name, int scale, string overflowFilter, bool required)
    {
        var text = Take(name, required);
        if (text is null)
        {
            return null;
        }

        switch (DecimalUnits.TryParse(text, scale, out var units))
        {
            case DecimalParseStatus.Ok:
                return units;
            case DecimalParseStatus.TooPrecise:
                Fail(BinanceErrors.BadPrecision);
                return null;
            case DecimalParseStatus.Overflow:
                Fail(BinanceErrors.FilterFailure(overflowFilter));
                return null;
            default:
                Fail(BinanceErrors.IllegalCharactersIn(name, DecimalUnits.LegalRange));
                return null;
        }
    }

    /// <summary>The value, marked read; null (after recording why, when it matters) if missing or empty.</summary>
    private string? Take(string name, bool required)
    {
        var entry = Find(name);
        if (entry is null)
        {
            if (required)
            {
                Fail(BinanceErrors.MandatoryParameter(name));
            }

            return null;
        }

        entry.Read = true;
        if (entry.Value.Length == 0)
        {
            Fail(required ? BinanceErrors.MandatoryParameter(name) : BinanceErrors.EmptyParameter(name));
            return null;
        }

        return entry.Value;
    }

    private Entry? Find(string name)
    {
        foreach (var entry in _entries)
        {
            if (entry.Name == name)
            {
                return entry;
            }
        }

        return null;
    }

    // ---- parsing ----

    private static BinanceError? Append(List<Entry> entries, string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var firstOfThisSource = entries.Count;
        foreach (var segment in raw.Split('&'))
        {
            if (segment.Length == 0)
            {
                continue;
            }

            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            var rawName = equals < 0 ? segment : segment[..equals];
            var rawValue = equals < 0 ? "" : segment[(equals + 1)..];
            if (!TryDecode(rawName, out var name) || !TryDecode(rawValue, out var value) || !IsLegalName(name)
                || HasControlCharacters(value))
            {
                return BinanceErrors.IllegalCharacters;
            }

            var existing = entries.FindIndex(e => e.Name == name);
            if (existing >= firstOfThisSource)
            {
                return BinanceErrors.DuplicateParameter;
            }

            if (existing >= 0)
            {
                // The body repeats a query parameter: the query's value stands, so this one is not "sent but unread".
                continue;
            }

            if (entries.Count == MaxParameters)
            {
                return BinanceErrors.TooManyParameters;
            }

            entries.Add(new Entry(name, value));
        }

        return null;
    }

    /// <summary>Form decoding: '+' is a space, %XX a byte; the bytes must be valid UTF-8.</summary>
    private static bool TryDecode(string raw, out string decoded)
    {
        if (raw.AsSpan().IndexOfAny('%', '+') < 0)
        {
            decoded = raw;
            return true;
        }

        var source = Encoding.UTF8.GetBytes(raw);
        var bytes = new byte[source.Length];
        var length = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b == (byte)'+')
            {
                bytes[length++] = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= source.Length || !IsHex(source[i + 1]) || !IsHex(source[i + 2]))
                {
                    decoded = "";
                    return false;
                }

                bytes[length++] = (byte)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2]));
                i += 2;
            }
            else
            {
                bytes[length++] = b;
            }
        }

        var chars = new char[length];
        if (Utf8.ToUtf16(bytes.AsSpan(0, length), chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            decoded = "";
            return false;
        }

        decoded = new string(chars, 0, written);
        return true;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool IsLegalName(string name) =>
        name.Length is > 0 and <= 64 && !name.AsSpan().ContainsAnyExcept(NameCharacters);

    private static bool HasControlCharacters(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Entry(string name, string value)
    {
        public string Name { get; } = name;

        public string Value { get; } = value;

        public bool Read { get; set; }
    }
}
