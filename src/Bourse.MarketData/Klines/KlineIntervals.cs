namespace Bourse.MarketData.Klines;

/// <summary>
/// Names and time bounds of kline intervals, in UTC epoch milliseconds. Fixed-length intervals (up to 3 days) start
/// at multiples of their length since the epoch, weeks on Monday 00:00 and months on the 1st.
/// </summary>
public static class KlineIntervals
{
    private const long Second = 1_000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
    private const long Week = 7 * Day;

    /// <summary>1970-01-05, the first Monday after the epoch (a Thursday).</summary>
    private const long FirstMonday = 4 * Day;

    private static readonly string[] Names =
        ["1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"];

    private static readonly long[] Lengths =
        [Second, Minute, 3 * Minute, 5 * Minute, 15 * Minute, 30 * Minute, Hour, 2 * Hour, 4 * Hour, 6 * Hour, 8 * Hour,
         12 * Hour, Day, 3 * Day, Week, 0];

    public static IReadOnlyList<KlineInterval> All { get; } = Enum.GetValues<KlineInterval>();

    /// <summary>Binance's name: "1s", "1m", … "1w", "1M".</summary>
    public static string Name(this KlineInterval interval) => Names[(int)interval];

    /// <summary>Parses Binance's name; case matters ("1m" is a minute, "1M" a month).</summary>
    public static bool TryParse(string? name, out KlineInterval interval)
    {
        var index = Array.IndexOf(Names, name);
        interval = index < 0 ? default : (KlineInterval)index;
        return index >= 0;
    }

    /// <summary>Length in milliseconds, or 0 for months (which vary).</summary>
    public static long Length(this KlineInterval interval) => Lengths[(int)interval];

    /// <summary>The open time of the interval that contains <paramref name="time"/>.</summary>
    public static long OpenTime(this KlineInterval interval, long time)
    {
        switch (interval)
        {
            case KlineInterval.OneMonth:
                var date = DateTimeOffset.FromUnixTimeMilliseconds(time).UtcDateTime;
                return new DateTimeOffset(date.Year, date.Month, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
            case KlineInterval.OneWeek:
                return time - FloorMod(time - FirstMonday, Week);
            default:
                return time - FloorMod(time, Lengths[(int)interval]);
        }
    }

    /// <summary>The open time of the interval after the one opening at <paramref name="openTime"/>.</summary>
    public static long NextOpenTime(this KlineInterval interval, long openTime) =>
        interval == KlineInterval.OneMonth
            ? DateTimeOffset.FromUnixTimeMilliseconds(openTime).AddMonths(1).ToUnixTimeMilliseconds()
            : openTime + Lengths[(int)interval];

    /// <summary>The open time of the interval before the one opening at <paramref name="openTime"/>.</summary>
    public static long PreviousOpenTime(this KlineInterval interval, long openTime) =>
        interval == KlineInterval.OneMonth
            ? DateTimeOffset.FromUnixTimeMilliseconds(openTime).AddMonths(-1).ToUnixTimeMilliseconds()
            : openTime - Lengths[(int)interval];

    /// <summary>The last millisecond of the interval opening at <paramref name="openTime"/>, as Binance's close time.</summary>
    public static long CloseTime(this KlineInterval interval, long openTime) => interval.NextOpenTime(openTime) - 1;

    private static long FloorMod(long value, long divisor)
    {
        var r = value % divisor;
        return r < 0 ? r + divisor : r;
    }
}
