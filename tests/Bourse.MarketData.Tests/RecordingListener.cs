namespace Bourse.MarketData.Tests;

public sealed class RecordingListener : IMarketDataListener
{
    public List<(MarketView Market, MarketChanges Changes)> Changes { get; } = [];

    public void OnMarketChanged(MarketView market, in MarketChanges changes) => Changes.Add((market, changes));
}
