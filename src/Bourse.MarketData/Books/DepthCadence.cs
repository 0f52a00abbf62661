namespace Bourse.MarketData.Books;

/// <summary>How often a depth diff stream is drained: Binance's <c>@depth</c> (1000 ms) and <c>@depth@100ms</c>.</summary>
public enum DepthCadence
{
    Every1000Ms = 0,
    Every100Ms = 1,
}
