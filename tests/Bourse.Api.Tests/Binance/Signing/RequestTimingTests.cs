using Bourse.Api.Binance;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.Signing;

public class RequestTimingTests
{
    private const long ServerTime = 1_700_000_000_000;

    [Theory]
    [InlineData(ServerTime, 5_000)]
    [InlineData(ServerTime + 999, 5_000)]
    [InlineData(ServerTime - 5_000, 5_000)]
    [InlineData(ServerTime - 60_000, 60_000)]
    [InlineData(ServerTime, 0)]
    public void A_timestamp_inside_the_window_is_accepted(long timestamp, long recvWindow)
    {
        Assert.Null(RequestTiming.Check(timestamp, recvWindow, ServerTime));
    }

    [Fact]
    public void A_timestamp_a_second_or_more_ahead_is_refused()
    {
        var error = RequestTiming.Check(ServerTime + 1_000, 5_000, ServerTime);

        Assert.Equal(-1021, error?.Code);
        Assert.Equal("Timestamp for this request was 1000ms ahead of the server's time.", error?.Msg);
    }

    [Fact]
    public void A_timestamp_older_than_the_window_is_refused()
    {
        var error = RequestTiming.Check(ServerTime - 5_001, 5_000, ServerTime);

        Assert.Equal(-1021, error?.Code);
        Assert.Equal("Timestamp for this request is outside of the recvWindow.", error?.Msg);
    }

    [Fact]
    public void The_window_defaults_to_five_seconds()
    {
        Assert.Null(RequestTiming.Check(Read($"timestamp={ServerTime - 5_000}"), ServerTime));
        Assert.Equal(-1021, RequestTiming.Check(Read($"timestamp={ServerTime - 5_001}"), ServerTime)?.Code);
    }

    [Fact]
    public void A_wider_window_is_read_from_recvWindow()
    {
        var parameters = Read($"recvWindow=10000&timestamp={ServerTime - 9_000}");

        Assert.Null(RequestTiming.Check(parameters, ServerTime));
        Assert.Null(parameters.EnsureAllRead());
    }

    [Fact]
    public void A_window_over_sixty_seconds_is_refused()
    {
        Assert.Equal(-1131, RequestTiming.Check(Read($"recvWindow=60001&timestamp={ServerTime}"), ServerTime)?.Code);
        Assert.Null(RequestTiming.Check(Read($"recvWindow=60000&timestamp={ServerTime}"), ServerTime));
    }

    [Fact]
    public void A_missing_timestamp_is_a_missing_mandatory_parameter()
    {
        var error = RequestTiming.Check(Read("recvWindow=5000"), ServerTime);

        Assert.Equal(-1102, error?.Code);
        Assert.Equal("Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.", error?.Msg);
    }

    [Theory]
    [InlineData("timestamp=abc")]
    [InlineData("timestamp=1.5")]
    [InlineData("timestamp=-1")]
    [InlineData("timestamp=1700000000000&recvWindow=5e3")]
    public void A_malformed_timestamp_or_window_is_illegal(string query)
    {
        Assert.Equal(-1100, RequestTiming.Check(Read(query), ServerTime)?.Code);
    }
}
