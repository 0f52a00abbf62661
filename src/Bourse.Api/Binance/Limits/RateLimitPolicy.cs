namespace Bourse.Api.Binance;

/// <summary>One entry of exchangeInfo's <c>rateLimits</c>.</summary>
public sealed record RateLimitDescriptor(string RateLimitType, string Interval, int IntervalNum, int Limit);

/// <summary>
/// The limits a server enforces and advertises, with Binance's names: request weight per minute, new orders per
/// 10 seconds and per day, raw requests per 5 minutes. The defaults are Binance's spot limits.
/// </summary>
public sealed record RateLimitPolicy
{
    public int RequestWeightPerMinute { get; init; } = 6_000;

    public int OrdersPer10Seconds { get; init; } = 100;

    public int OrdersPerDay { get; init; } = 200_000;

    public int RawRequestsPer5Minutes { get; init; } = 61_000;

    /// <summary>The <c>rateLimits</c> array of exchangeInfo.</summary>
    public IReadOnlyList<RateLimitDescriptor> Descriptors =>
    [
        new("REQUEST_WEIGHT", "MINUTE", 1, RequestWeightPerMinute),
        new("ORDERS", "SECOND", 10, OrdersPer10Seconds),
        new("ORDERS", "DAY", 1, OrdersPerDay),
        new("RAW_REQUESTS", "MINUTE", 5, RawRequestsPer5Minutes),
    ];
}
