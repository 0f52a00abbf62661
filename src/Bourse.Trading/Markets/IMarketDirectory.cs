namespace Bourse.Trading;

/// <summary>Where the intake finds markets: the server's reference-data view, or a fixed set in tests.</summary>
public interface IMarketDirectory
{
    /// <summary>The market named <paramref name="symbol"/> (exact, case-sensitive), or null.</summary>
    TradingMarket? FindMarket(string symbol);
}
