namespace Bourse.MarketData;

/// <summary>
/// What one <see cref="MarketDataStore.Apply"/> call changed in one market: the new trade, aggregate-trade and book
/// update id ranges (0 when none), so a stream layer can fetch exactly what is new. Trades also mean new kline and
/// ticker values.
/// </summary>
public readonly record struct MarketChanges(
    long FirstTradeId,
    long LastTradeId,
    long FirstAggregateId,
    long LastAggregateId,
    long FirstUpdateId,
    long FinalUpdateId,
    bool BookTickerChanged,
    long EventTime)
{
    public bool HasTrades => LastTradeId != 0;

    public bool BookChanged => FinalUpdateId != 0;
}
