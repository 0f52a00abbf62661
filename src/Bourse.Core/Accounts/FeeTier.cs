namespace Bourse.Core.Accounts;

/// <summary>Maker and taker fee rates in parts per million of the amount received.</summary>
public readonly record struct FeeTier(int MakerPpm, int TakerPpm)
{
    public const int PpmScale = 1_000_000;

    /// <summary>Rates above 10% are refused as a fat-finger guard.</summary>
    public const int MaxPpm = 100_000;
}
