using Bourse.Core.Model;

namespace Bourse.Core.Markets;

/// <summary>An asset's display name (null: none was set, show its code) and what is suspended on it.</summary>
public readonly record struct AssetStatus(string? Name, AssetSuspensions Suspensions)
{
    /// <summary>Longest display name of an asset.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The highest asset id the core accepts.</summary>
    public const int MaxAssetId = ReferenceData.MaxAssetId;
}
