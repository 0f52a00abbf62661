using Bourse.Api.Binance;

namespace Bourse.Api.Tests.Binance.Errors;

public class BinanceErrorsTests
{
    [Theory]
    [InlineData(-1013, 400)]
    [InlineData(-1021, 400)]
    [InlineData(-1022, 400)]
    [InlineData(-1100, 400)]
    [InlineData(-1121, 400)]
    [InlineData(-2010, 400)]
    [InlineData(-2011, 400)]
    [InlineData(-2013, 400)]
    [InlineData(-1002, 401)]
    [InlineData(-2014, 401)]
    [InlineData(-2015, 401)]
    [InlineData(-1003, 429)]
    [InlineData(-1015, 429)]
    [InlineData(-2021, 409)]
    [InlineData(-2022, 400)]
    [InlineData(-1008, 503)]
    [InlineData(-1000, 500)]
    public void Each_code_has_binances_http_status(int code, int status)
    {
        Assert.Equal(status, new BinanceError(code, "x").HttpStatus);
    }

    [Fact]
    public void Rate_limit_errors_say_when_to_retry()
    {
        var weight = BinanceErrors.TooMuchRequestWeight(6000, "1m", 12);
        var orders = BinanceErrors.TooManyOrders(100, "10s", 3);

        Assert.Equal((429, 12), (weight.HttpStatus, weight.RetryAfterSeconds));
        Assert.Equal((429, 3), (orders.HttpStatus, orders.RetryAfterSeconds));
        Assert.Equal("Too many new orders; current limit is 100 orders per 10s.", orders.Msg);
    }

    [Fact]
    public void A_ban_is_a_teapot_with_a_retry_time()
    {
        var banned = BinanceErrors.Banned(1_700_000_120_000, 120);

        Assert.Equal((-1003, 418, 120), (banned.Code, banned.HttpStatus, banned.RetryAfterSeconds));
        Assert.Contains("IP banned until 1700000120000", banned.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_body_is_code_and_msg_only()
    {
        Assert.Equal("""{"code":-1121,"msg":"Invalid symbol."}""", BinanceJson.Serialize(BinanceErrors.InvalidSymbol));
        Assert.Equal("""{"code":-1003,"msg":"Way too much request weight used; IP banned until 5. Please use WebSocket Streams for live updates to avoid bans."}""",
            BinanceJson.Serialize(BinanceErrors.Banned(5, 1)));
    }

    [Fact]
    public void Messages_are_written_without_needless_escapes()
    {
        Assert.Equal("""{"code":-1102,"msg":"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."}""",
            BinanceJson.Serialize(BinanceErrors.MandatoryParameter("symbol")));
    }
}
