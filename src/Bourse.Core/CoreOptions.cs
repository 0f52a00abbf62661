using Bourse.Core.Accounts;

namespace Bourse.Core;

/// <summary>Settings fixed for the life of a core; they are part of its identity, so replay must use the same ones.</summary>
public sealed record CoreOptions
{
    /// <summary>Rates of fee tier 0, which every user is in until told otherwise. Default 0.1% / 0.1%, as on Binance.</summary>
    public FeeTier DefaultFeeTier { get; init; } = new(1_000, 1_000);

    /// <summary>Open orders one user may have at once (resting plus waiting stops).</summary>
    public int MaxOpenOrdersPerUser { get; init; } = 1_000;
}
