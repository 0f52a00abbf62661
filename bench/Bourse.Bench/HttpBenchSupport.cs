namespace Bourse.Bench;

/// <summary>What the platform-API benchmarks (accounts, convert) share: their option reading and percentiles.</summary>
public static class HttpBenchSupport
{
    /// <summary>The nearest-rank percentile of latencies in ms; NaN when there are none.</summary>
    public static double Percentile(List<double> values, int percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    /// <summary>An integer option (<c>--name N</c>), or <paramref name="fallback"/> when absent or not a number.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
