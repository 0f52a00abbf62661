namespace Bourse.MarketData.Klines;

/// <summary>Binance's kline intervals; <see cref="KlineIntervals"/> names them ("1s" … "1M") and finds their bounds.</summary>
public enum KlineInterval
{
    OneSecond = 0,
    OneMinute = 1,
    ThreeMinutes = 2,
    FiveMinutes = 3,
    FifteenMinutes = 4,
    ThirtyMinutes = 5,
    OneHour = 6,
    TwoHours = 7,
    FourHours = 8,
    SixHours = 9,
    EightHours = 10,
    TwelveHours = 11,
    OneDay = 12,
    ThreeDays = 13,
    /// <summary>Weeks start on Monday 00:00 UTC.</summary>
    OneWeek = 14,
    /// <summary>Months start on the 1st, 00:00 UTC.</summary>
    OneMonth = 15,
}
