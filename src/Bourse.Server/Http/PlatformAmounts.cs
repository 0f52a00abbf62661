using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Server.Portfolio;
using Bourse.Server.Views;

namespace Bourse.Server.Http;

/// <summary>
/// Asset codes and amounts in /api/v1 bodies: a listed asset's code, and a positive decimal string with no more
/// decimals than the asset has. Anything else is a 400 problem naming the field, before anything is asked of the engine.
/// </summary>
public static class PlatformAmounts
{
    public static (AssetSpec? Asset, IResult? Problem) Asset(ReferenceDataView reference, string code, string field)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var asset = reference.Assets.FirstOrDefault(a => string.Equals(a.Code, code, StringComparison.Ordinal));
        return asset is null
            ? (null, ApiProblem.BadRequest("unknown_asset", $"'{field}' is not a listed asset.", field))
            : (asset, null);
    }

    /// <summary>The amount in the asset's smallest units; a problem unless it is a positive decimal within the asset's scale.</summary>
    public static (long Units, IResult? Problem) Positive(string text, AssetSpec asset, string field)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return DecimalUnits.TryParse(text, asset.Scale, out var units) switch
        {
            DecimalParseStatus.Ok when units > 0 => (units, null),
            DecimalParseStatus.Ok => (0, ApiProblem.BadRequest("invalid_amount", $"'{field}' must be greater than zero.", field)),
            DecimalParseStatus.TooPrecise => (0, ApiProblem.BadRequest("invalid_precision",
                $"'{field}' has more than {asset.Scale} decimals, the precision of {asset.Code}.", field)),
            DecimalParseStatus.Overflow => (0, ApiProblem.BadRequest("invalid_amount", $"'{field}' is too large.", field)),
            _ => (0, ApiProblem.BadRequest("invalid_amount", $"'{field}' must be a plain decimal string such as \"12.5\".", field)),
        };
    }

    public static string Format(long units, AssetSpec asset) => DecimalUnits.Format(units, asset.Scale);
}
