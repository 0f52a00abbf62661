using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Core.Staking;

namespace Bourse.Server.Staking;

/// <summary>A configured product in the core's units: what SetStakingProduct is sent with.</summary>
public readonly record struct StakingTerms(int AssetId, int RatePpm, long MinimumAmount, long UnbondingMs, long PeriodMs)
{
    public Command ToCommand() => Command.SetStakingProduct(AssetId, RatePpm, MinimumAmount, UnbondingMs, PeriodMs);

    public bool Matches(StakingProduct? product) =>
        product is not null && product.RatePpm == RatePpm && product.MinimumAmount == MinimumAmount && product.UnbondingMs == UnbondingMs
        && product.PeriodMs == PeriodMs;

    /// <summary>Converts an operator's settings; a setting the core would refuse is a configuration error, named here.</summary>
    public static StakingTerms From(StakingProductOptions options, IEnumerable<AssetSpec> assets)
    {
        ArgumentNullException.ThrowIfNull(options);
        var where = $"{StakingOptions.Section}:Products ({options.Asset})";
        var asset = assets.FirstOrDefault(a => string.Equals(a.Code, options.Asset, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{where}: no such asset.");
        var ratePpm = options.Apr * StakingProduct.RateScale;
        if (ratePpm != decimal.Truncate(ratePpm) || ratePpm is <= 0 or > StakingProduct.MaxRatePpm)
        {
            throw new InvalidOperationException($"{where}: Apr must be above 0 and at most 1, in steps of 0.000001.");
        }

        if (DecimalUnits.TryParse(options.Minimum, asset.Scale, out var minimum) != DecimalParseStatus.Ok || minimum <= 0)
        {
            throw new InvalidOperationException($"{where}: Minimum must be a positive decimal with at most {asset.Scale} decimals.");
        }

        var unbonding = options.UnbondingPeriod.Ticks / TimeSpan.TicksPerMillisecond;
        var period = options.RewardPeriod.Ticks / TimeSpan.TicksPerMillisecond;
        if (options.UnbondingPeriod.Ticks % TimeSpan.TicksPerMillisecond != 0 || unbonding is < 0 or > StakingProduct.MaxDurationMs)
        {
            throw new InvalidOperationException($"{where}: UnbondingPeriod must be whole milliseconds from 0 to 365 days.");
        }

        if (options.RewardPeriod.Ticks % TimeSpan.TicksPerMillisecond != 0 || period is <= 0 or > StakingProduct.MaxDurationMs)
        {
            throw new InvalidOperationException($"{where}: RewardPeriod must be whole milliseconds, above 0 and at most 365 days.");
        }

        return new StakingTerms(asset.Id, (int)ratePpm, minimum, unbonding, period);
    }
}
