namespace Bourse.MarketData.Tickers;

/// <summary>
/// Binance's <c>avgPrice</c>: the volume-weighted price of the last <paramref name="Minutes"/> minutes' trades (the
/// last trade's price when there were none); <paramref name="CloseTime"/> is the last trade's time.
/// </summary>
public readonly record struct AveragePrice(int Minutes, long Price, long CloseTime);
