namespace Bourse.Trading;

/// <summary>
/// Whole-unit amounts (<see cref="decimal"/>) → smallest units of an asset. Exact: a digit beyond the asset's scale is
/// refused, never rounded; a value past a long of smallest units is refused as the field's filter maximum would.
/// </summary>
public static class AmountUnits
{
    /// <summary>The largest scale the core allows an asset.</summary>
    public const int MaxScale = 18;

    private static readonly decimal[] Pow10 = BuildPowers();

    /// <summary>
    /// <paramref name="amount"/> in units of 10^-<paramref name="scale"/>; null (with the rejection in
    /// <paramref name="rejection"/>) when negative, too precise or too large. Too large is
    /// <paramref name="overflowFilter"/>'s failure.
    /// </summary>
    public static long? ToUnits(decimal amount, int scale, OrderField field, MarketFilter overflowFilter, out Rejection? rejection)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        rejection = null;
        if (amount < 0)
        {
            rejection = Rejection.Of(TradingRejection.IllegalValue, field);
            return null;
        }

        if (decimal.Round(amount, scale, MidpointRounding.ToZero) != amount)
        {
            rejection = Rejection.Of(TradingRejection.TooPrecise, field);
            return null;
        }

        // Compared before multiplying: amount × 10^scale may not fit a decimal, but a quotient always does.
        if (amount > long.MaxValue / Pow10[scale])
        {
            rejection = Rejection.FilterFailure(overflowFilter);
            return null;
        }

        var units = amount * Pow10[scale];
        if (units > long.MaxValue)
        {
            rejection = Rejection.FilterFailure(overflowFilter);
            return null;
        }

        return (long)units;
    }

    private static decimal[] BuildPowers()
    {
        var powers = new decimal[MaxScale + 1];
        powers[0] = 1m;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10m;
        }

        return powers;
    }
}
