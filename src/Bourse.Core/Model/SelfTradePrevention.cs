namespace Bourse.Core.Model;

/// <summary>
/// What happens when an order would trade against an order of the same user; the taker's mode decides,
/// as on Binance. Persisted: values are frozen.
/// </summary>
public enum SelfTradePrevention : byte
{
    /// <summary>The user trades with itself (and pays fees on both sides).</summary>
    None = 0,
    ExpireTaker = 1,
    ExpireMaker = 2,
    ExpireBoth = 3,
}
