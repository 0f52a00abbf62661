using Bourse.Api.Binance;
using Bourse.Trading;

namespace Bourse.Api.Tests.Binance.Numbers;

/// <summary>Decimal strings → whole-unit amounts for the intake: refused exactly as DecimalUnits refuses them at every scale.</summary>
public class DecimalAmountsTests
{
    [Theory]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData(" 1")]
    [InlineData("123456789012345678901")]
    public void Malformed_text_is_not_an_amount(string text) => Assert.False(DecimalUnits.TryParseAmount(text, out _));

    [Theory]
    [InlineData("0.1")]
    [InlineData("00012.50000")]
    [InlineData("99999999999999999999")]
    [InlineData("0.00000000000000000001")]
    [InlineData("1000000000.00000000000000000001")]
    [InlineData("12345678901234567890.12345678901234567890")]
    [InlineData("92233720368.54775807")]
    [InlineData("92233720368.54775808")]
    public void An_amount_is_refused_or_taken_as_its_text_would_be_at_every_scale(string text)
    {
        Assert.True(DecimalUnits.TryParseAmount(text, out var amount));
        for (var scale = 0; scale <= DecimalUnits.MaxScale; scale++)
        {
            var expected = DecimalUnits.TryParse(text, scale, out var units);
            var actual = AmountUnits.ToUnits(amount, scale, OrderField.Quantity, MarketFilter.LotSize, out var rejection);
            switch (expected)
            {
                case DecimalParseStatus.Ok:
                    Assert.Equal(units, actual);
                    break;
                case DecimalParseStatus.TooPrecise:
                    Assert.Equal(TradingRejection.TooPrecise, rejection?.Kind);
                    break;
                default:
                    Assert.Equal(Rejection.FilterFailure(MarketFilter.LotSize), rejection);
                    break;
            }
        }
    }
}
