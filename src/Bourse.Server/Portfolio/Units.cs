namespace Bourse.Server.Portfolio;

/// <summary>Smallest units to whole units and back, exactly, in <see cref="decimal"/>.</summary>
internal static class Units
{
    private static readonly decimal[] Powers = [.. Enumerable.Range(0, 19).Select(p => Enumerable.Repeat(10m, p).Aggregate(1m, (a, b) => a * b))];

    public static decimal Whole(long units, int scale) => units / Powers[scale];

    /// <summary>A whole amount rounded to the asset's scale (half to even) as smallest units.</summary>
    public static long Smallest(decimal whole, int scale) => (long)Math.Round(whole * Powers[scale], 0, MidpointRounding.ToEven);

    public static decimal Round(decimal whole, int scale) => Math.Round(whole, scale, MidpointRounding.ToEven);

    /// <summary>A decimal string padded to the scale, as every amount on the API is.</summary>
    public static string Format(decimal whole, int scale) =>
        Round(whole, scale).ToString("F" + scale.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
