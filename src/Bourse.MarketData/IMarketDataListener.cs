namespace Bourse.MarketData;

/// <summary>
/// Told what changed after each <see cref="MarketDataStore.Apply"/>, once per listed market that changed, on the
/// writer's thread (the engine thread) after the market's lock is released. Must not block: note the change and let
/// another thread read the market and send.
/// </summary>
public interface IMarketDataListener
{
    void OnMarketChanged(MarketView market, in MarketChanges changes);
}
