namespace Bourse.Api.Binance;

/// <summary>How a decimal string failed to become smallest units.</summary>
public enum DecimalParseStatus
{
    Ok = 0,
    /// <summary>Not a plain unsigned decimal (Binance -1100).</summary>
    Illegal = 1,
    /// <summary>Non-zero digits beyond the asset's scale (Binance -1111).</summary>
    TooPrecise = 2,
    /// <summary>Well formed but larger than a long of smallest units (a filter's maximum refuses it: -1013).</summary>
    Overflow = 3,
}

/// <summary>
/// Decimal strings ↔ whole smallest units. Accepts what Binance accepts — <c>^([0-9]{1,20})(\.[0-9]{1,20})?$</c>:
/// plain ASCII digits, no sign, no exponent, no whitespace, a digit on both sides of the point. Trailing zeros beyond
/// the scale are accepted (the value is still exact); any other digit beyond it is refused, never rounded.
/// </summary>
public static class DecimalUnits
{
    public const string LegalRange = @"^([0-9]{1,20})(\.[0-9]{1,20})?$";
    public const int MaxIntegerDigits = 20;
    public const int MaxFractionDigits = 20;
    /// <summary>The largest scale the core allows an asset.</summary>
    public const int MaxScale = 18;

    private static readonly ulong[] Pow10 = BuildPowers();

    /// <summary>Parses <paramref name="text"/> into units of 10^-<paramref name="scale"/>.</summary>
    public static DecimalParseStatus TryParse(ReadOnlySpan<char> text, int scale, out long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        units = 0;

        var dot = text.IndexOf('.');
        var integer = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : text[(dot + 1)..];
        if (integer.Length is 0 or > MaxIntegerDigits || integer.ContainsAnyExceptInRange('0', '9'))
        {
            return DecimalParseStatus.Illegal;
        }

        if (dot >= 0 && (fraction.Length is 0 or > MaxFractionDigits || fraction.ContainsAnyExceptInRange('0', '9')))
        {
            return DecimalParseStatus.Illegal;
        }

        var significant = fraction.TrimEnd('0');
        if (significant.Length > scale)
        {
            return DecimalParseStatus.TooPrecise;
        }

        // At most 20 + 18 digits: below 10^38, inside UInt128.
        UInt128 value = 0;
        foreach (var c in integer)
        {
            value = (value * 10) + (uint)(c - '0');
        }

        for (var i = 0; i < scale; i++)
        {
            value = (value * 10) + (i < significant.Length ? (uint)(significant[i] - '0') : 0u);
        }

        if (value > long.MaxValue)
        {
            return DecimalParseStatus.Overflow;
        }

        units = (long)value;
        return DecimalParseStatus.Ok;
    }

    /// <summary>
    /// Parses <paramref name="text"/> (the same form as <see cref="TryParse"/>) into whole units for the trading
    /// intake, which applies the asset's scale; false when it is not of that form. A decimal holds 28 digits; a value
    /// with more (a long fraction on a large number) becomes one with the same number of decimals and at least 28
    /// digits, so at every scale it is still refused the same way: too precise, or too large.
    /// </summary>
    public static bool TryParseAmount(ReadOnlySpan<char> text, out decimal amount)
    {
        amount = 0;
        if (TryParse(text, 0, out _) == DecimalParseStatus.Illegal)
        {
            return false;
        }

        var dot = text.IndexOf('.');
        var integer = (dot < 0 ? text : text[..dot]).TrimStart('0');
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : text[(dot + 1)..].TrimEnd('0');
        if (integer.Length + fraction.Length <= 28)
        {
            amount = decimal.Parse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }

        // 1 followed by zeros to 28 - decimals integer digits, and a last decimal of 1.
        amount = new decimal(1, 0, 0, false, (byte)fraction.Length) + (decimal)Math.Pow(10, 27 - fraction.Length);
        return true;
    }

    /// <summary>Units at <paramref name="scale"/> with exactly <paramref name="scale"/> decimals: 10000000 at 8 is "0.10000000".</summary>
    public static string Format(long units, int scale) => Format(units, scale, scale);

    /// <summary>
    /// Units at <paramref name="scale"/> with at least <paramref name="minDecimals"/> decimals — padded with zeros
    /// beyond the scale, trimmed of trailing zeros down to it, but never dropping a non-zero digit.
    /// </summary>
    public static string Format(long units, int scale, int minDecimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        ArgumentOutOfRangeException.ThrowIfNegative(minDecimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minDecimals, 30);

        var negative = units < 0;
        var magnitude = negative ? (ulong)(-(units + 1)) + 1 : (ulong)units;
        var whole = magnitude / Pow10[scale];
        var fraction = magnitude % Pow10[scale];
        var fractionDigits = scale;
        while (fractionDigits > minDecimals && fraction % 10 == 0)
        {
            fraction /= 10;
            fractionDigits--;
        }

        Span<char> buffer = stackalloc char[64];
        var length = 0;
        if (negative)
        {
            buffer[length++] = '-';
        }

        whole.TryFormat(buffer[length..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        length += written;
        var decimals = Math.Max(fractionDigits, minDecimals);
        if (decimals > 0)
        {
            buffer[length++] = '.';
            for (var i = fractionDigits - 1; i >= 0; i--)
            {
                buffer[length + i] = (char)('0' + (int)(fraction % 10));
                fraction /= 10;
            }

            buffer.Slice(length + fractionDigits, decimals - fractionDigits).Fill('0');
            length += decimals;
        }

        return new string(buffer[..length]);
    }

    /// <summary>Units at <paramref name="scale"/> without trailing zeros: 10000000 at 8 is "0.1", 0 is "0".</summary>
    public static string FormatTrimmed(long units, int scale) => Format(units, scale, 0);

    private static ulong[] BuildPowers()
    {
        var powers = new ulong[MaxScale + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
