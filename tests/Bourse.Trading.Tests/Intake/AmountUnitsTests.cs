namespace Bourse.Trading.Tests;

public class AmountUnitsTests
{
    [Theory]
    [InlineData("1", 8, 100_000_000L)]
    [InlineData("0.00000001", 8, 1L)]
    [InlineData("0.10000000000", 8, 10_000_000L)]
    [InlineData("92233720368.54775807", 8, long.MaxValue)]
    [InlineData("5", 0, 5L)]
    [InlineData("0", 8, 0L)]
    public void Whole_units_become_exact_smallest_units(string amount, int scale, long expected)
    {
        Assert.Equal(expected, AmountUnits.ToUnits(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), scale,
            OrderField.Quantity, MarketFilter.LotSize, out var rejection));
        Assert.Null(rejection);
    }

    [Fact]
    public void A_digit_beyond_the_scale_is_refused_never_rounded()
    {
        Assert.Null(AmountUnits.ToUnits(0.000000001m, 8, OrderField.Price, MarketFilter.Price, out var rejection));
        Assert.Equal(Rejection.Of(TradingRejection.TooPrecise, OrderField.Price), rejection);
    }

    [Fact]
    public void More_than_a_long_of_units_is_the_fields_filter_failure()
    {
        Assert.Null(AmountUnits.ToUnits(92233720368.54775808m, 8, OrderField.Quantity, MarketFilter.LotSize, out var rejection));
        Assert.Equal(Rejection.FilterFailure(MarketFilter.LotSize), rejection);
        Assert.Null(AmountUnits.ToUnits(79228162514264337593543950335m, 18, OrderField.QuoteQuantity, MarketFilter.Notional, out rejection));
        Assert.Equal(Rejection.FilterFailure(MarketFilter.Notional), rejection);
    }

    [Fact]
    public void A_negative_amount_is_an_illegal_value()
    {
        Assert.Null(AmountUnits.ToUnits(-1m, 8, OrderField.Quantity, MarketFilter.LotSize, out var rejection));
        Assert.Equal(Rejection.Of(TradingRejection.IllegalValue, OrderField.Quantity), rejection);
    }
}
