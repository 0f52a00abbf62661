using Bourse.MarketData.Klines;

namespace Bourse.MarketData.Tests.Klines;

public class KlineIntervalsTests
{
    [Theory]
    [InlineData(KlineInterval.OneSecond, "2024-01-03T12:34:56.789Z", "2024-01-03T12:34:56Z", "2024-01-03T12:34:57Z")]
    [InlineData(KlineInterval.OneMinute, "2024-01-03T12:34:56.789Z", "2024-01-03T12:34:00Z", "2024-01-03T12:35:00Z")]
    [InlineData(KlineInterval.FifteenMinutes, "2024-01-03T12:34:56Z", "2024-01-03T12:30:00Z", "2024-01-03T12:45:00Z")]
    [InlineData(KlineInterval.OneHour, "2024-01-03T12:34:56Z", "2024-01-03T12:00:00Z", "2024-01-03T13:00:00Z")]
    [InlineData(KlineInterval.FourHours, "2024-01-03T03:59:59.999Z", "2024-01-03T00:00:00Z", "2024-01-03T04:00:00Z")]
    [InlineData(KlineInterval.TwelveHours, "2024-01-03T12:00:00Z", "2024-01-03T12:00:00Z", "2024-01-04T00:00:00Z")]
    [InlineData(KlineInterval.OneDay, "2024-01-03T23:59:59.999Z", "2024-01-03T00:00:00Z", "2024-01-04T00:00:00Z")]
    [InlineData(KlineInterval.ThreeDays, "2024-01-04T10:00:00Z", "2024-01-03T00:00:00Z", "2024-01-06T00:00:00Z")]
    [InlineData(KlineInterval.OneWeek, "2024-01-03T12:00:00Z", "2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z")]
    [InlineData(KlineInterval.OneWeek, "2024-01-07T23:59:59.999Z", "2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z")]
    [InlineData(KlineInterval.OneWeek, "2024-01-08T00:00:00Z", "2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z")]
    [InlineData(KlineInterval.OneWeek, "1970-01-01T00:00:00Z", "1969-12-29T00:00:00Z", "1970-01-05T00:00:00Z")]
    [InlineData(KlineInterval.OneMonth, "2024-02-29T23:59:59.999Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z")]
    [InlineData(KlineInterval.OneMonth, "2024-12-01T00:00:00Z", "2024-12-01T00:00:00Z", "2025-01-01T00:00:00Z")]
    public void An_interval_opens_and_closes_on_binance_boundaries(KlineInterval interval, string time, string open, string next)
    {
        var openTime = interval.OpenTime(Ms(time));

        Assert.Equal(Ms(open), openTime);
        Assert.Equal(Ms(next), interval.NextOpenTime(openTime));
        Assert.Equal(Ms(next) - 1, interval.CloseTime(openTime));
        Assert.Equal(openTime, interval.PreviousOpenTime(interval.NextOpenTime(openTime)));
    }

    [Fact]
    public void Every_binance_interval_name_parses_and_names_round_trip()
    {
        string[] names = ["1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"];

        Assert.Equal(names, KlineIntervals.All.Select(i => i.Name()));
        foreach (var name in names)
        {
            Assert.True(KlineIntervals.TryParse(name, out var interval));
            Assert.Equal(name, interval.Name());
        }

        Assert.True(KlineIntervals.TryParse("1M", out var month) && month == KlineInterval.OneMonth);
        Assert.True(KlineIntervals.TryParse("1m", out var minute) && minute == KlineInterval.OneMinute);
        Assert.False(KlineIntervals.TryParse("2m", out _));
        Assert.False(KlineIntervals.TryParse("1H", out _));
        Assert.False(KlineIntervals.TryParse(null, out _));
    }

    internal static long Ms(string time) => DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
}
