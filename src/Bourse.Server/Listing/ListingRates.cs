using Bourse.Api.Binance;
using Bourse.Core.Accounts;

namespace Bourse.Server.Listing;

/// <summary>Fractions ("0.001") as the core's parts per million, exactly or not at all.</summary>
public static class ListingRates
{
    /// <summary>The highest fee tier the core keeps.</summary>
    public const int MaxFeeTier = 1_000;

    public static string Format(int ppm) => DecimalUnits.FormatTrimmed(ppm, 6);

    /// <summary>A fraction with at most six decimals, as parts per million; false for anything else.</summary>
    public static bool TryParse(string? text, out int ppm)
    {
        ppm = 0;
        if (text is null || DecimalUnits.TryParse(text, 6, out var units) != DecimalParseStatus.Ok || units > FeeTier.PpmScale)
        {
            return false;
        }

        ppm = (int)units;
        return true;
    }
}
