using Bourse.Api.Binance;

namespace Bourse.Api.Tests.Binance.Numbers;

public class DecimalUnitsTests
{
    [Theory]
    [InlineData("0", 8, 0L)]
    [InlineData("1", 8, 100_000_000L)]
    [InlineData("0.1", 8, 10_000_000L)]
    [InlineData("0.00000001", 8, 1L)]
    [InlineData("65000.12", 8, 6_500_012_000_000L)]
    [InlineData("0.10000000000000000000", 8, 10_000_000L)]
    [InlineData("007.50", 2, 750L)]
    [InlineData("12", 0, 12L)]
    [InlineData("12.000", 0, 12L)]
    [InlineData("92233720368.54775807", 8, long.MaxValue)]
    [InlineData("9.223372036854775807", 18, long.MaxValue)]
    [InlineData("00000000000000000001", 18, 1_000_000_000_000_000_000L)]
    public void Plain_decimals_become_units(string text, int scale, long expected)
    {
        Assert.Equal(DecimalParseStatus.Ok, DecimalUnits.TryParse(text, scale, out var units));
        Assert.Equal(expected, units);
    }

    [Theory]
    [InlineData("0.000000001", 8)]
    [InlineData("1.001", 2)]
    [InlineData("0.5", 0)]
    [InlineData("0.00000000100000000000", 8)]
    public void More_significant_decimals_than_the_scale_are_too_precise(string text, int scale)
    {
        Assert.Equal(DecimalParseStatus.TooPrecise, DecimalUnits.TryParse(text, scale, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData(".")]
    [InlineData("1e-3")]
    [InlineData("1E3")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("١٢٣")]
    [InlineData("１")]
    [InlineData("123456789012345678901")]
    [InlineData("1.123456789012345678901")]
    public void Anything_but_a_plain_unsigned_decimal_is_illegal(string text)
    {
        Assert.Equal(DecimalParseStatus.Illegal, DecimalUnits.TryParse(text, 8, out _));
    }

    [Theory]
    [InlineData("92233720368.54775808", 8)]
    [InlineData("99999999999999999999", 8)]
    [InlineData("99999999999999999999.000", 0)]
    [InlineData("10", 18)]
    public void Values_beyond_a_long_of_units_overflow(string text, int scale)
    {
        Assert.Equal(DecimalParseStatus.Overflow, DecimalUnits.TryParse(text, scale, out _));
    }

    [Theory]
    [InlineData(10_000_000L, 8, "0.10000000")]
    [InlineData(0L, 8, "0.00000000")]
    [InlineData(1L, 8, "0.00000001")]
    [InlineData(6_500_012_000_000L, 8, "65000.12000000")]
    [InlineData(-5_000_000_000L, 8, "-50.00000000")]
    [InlineData(750L, 2, "7.50")]
    [InlineData(12L, 0, "12")]
    [InlineData(long.MaxValue, 8, "92233720368.54775807")]
    [InlineData(long.MinValue, 8, "-92233720368.54775808")]
    [InlineData(long.MaxValue, 18, "9.223372036854775807")]
    public void Units_format_padded_to_the_scale(long units, int scale, string expected)
    {
        Assert.Equal(expected, DecimalUnits.Format(units, scale));
    }

    [Theory]
    [InlineData(10_000_000L, 8, "0.1")]
    [InlineData(0L, 8, "0")]
    [InlineData(100_000_000L, 8, "1")]
    [InlineData(-150L, 2, "-1.5")]
    [InlineData(1L, 18, "0.000000000000000001")]
    public void Units_format_trimmed(long units, int scale, string expected)
    {
        Assert.Equal(expected, DecimalUnits.FormatTrimmed(units, scale));
    }

    [Theory]
    [InlineData(1_000L, 6, 8, "0.00100000")]
    [InlineData(5L, 0, 8, "5.00000000")]
    [InlineData(1_500_000_000_000_000_000L, 18, 8, "1.50000000")]
    [InlineData(1_500_000_000_000_000_001L, 18, 8, "1.500000000000000001")]
    public void Units_format_to_at_least_n_decimals_without_losing_digits(long units, int scale, int decimals, string expected)
    {
        Assert.Equal(expected, DecimalUnits.Format(units, scale, decimals));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(123_456_789L)]
    [InlineData(long.MaxValue)]
    public void Formatting_and_parsing_round_trip(long units)
    {
        Assert.Equal(DecimalParseStatus.Ok, DecimalUnits.TryParse(DecimalUnits.Format(units, 8), 8, out var back));
        Assert.Equal(units, back);
    }
}
