using Bourse.Core.Commands;

namespace Bourse.Server.Portfolio;

/// <summary>One holding valued: <see cref="Price"/> and <see cref="Value"/> are null when the asset has no price.</summary>
public sealed record ValuedHolding(Holding Holding, decimal? Price, decimal? Value, decimal? AllocationPercent);

/// <summary>
/// A portfolio valued in a quote asset. Each value is rounded to the quote's scale and the total is the sum of those
/// rounded values, so the figures shown add up. Allocation percentages (two decimals) are rounded by largest remainder
/// so they sum to exactly 100 over the valued assets (none when the total is zero).
/// </summary>
public sealed record Valuation(AssetSpec Quote, IReadOnlyList<ValuedHolding> Holdings, decimal Total)
{
    private const int PercentHundredths = 10_000;

    public static Valuation Of(IReadOnlyList<Holding> holdings, AssetSpec quote, Func<int, decimal?> priceOf)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(priceOf);
        var priced = holdings.Select(h =>
        {
            var price = priceOf(h.Asset.Id);
            return (Holding: h, Price: price, Value: price is { } p ? Units.Round(Units.Whole(h.Total, h.Asset.Scale) * p, quote.Scale) : (decimal?)null);
        }).ToList();
        var total = priced.Sum(p => p.Value ?? 0m);
        var percents = Allocation(priced.Select(p => p.Value).ToList(), total);
        return new Valuation(quote, [.. priced.Select((p, i) => new ValuedHolding(p.Holding, p.Price, p.Value, percents[i]))], total);
    }

    /// <summary>Hundredths of a percent floored, then the remaining hundredths to the largest remainders (ties: first listed).</summary>
    private static decimal?[] Allocation(List<decimal?> values, decimal total)
    {
        var percents = new decimal?[values.Count];
        if (total <= 0)
        {
            return percents;
        }

        var exact = values.Select(v => v is { } value ? value * PercentHundredths / total : (decimal?)null).ToList();
        var floors = exact.Select(e => e is { } x ? Math.Floor(x) : (decimal?)null).ToList();
        var left = PercentHundredths - (int)floors.Sum(f => f ?? 0m);
        var byRemainder = Enumerable.Range(0, values.Count).Where(i => exact[i] is not null)
            .OrderByDescending(i => exact[i]!.Value - floors[i]!.Value).ThenBy(i => i).ToList();
        for (var i = 0; i < values.Count; i++)
        {
            if (floors[i] is { } floor)
            {
                percents[i] = floor;
            }
        }

        foreach (var i in byRemainder.Take(left))
        {
            percents[i] += 1;
        }

        for (var i = 0; i < values.Count; i++)
        {
            percents[i] /= 100m;
        }

        return percents;
    }
}
