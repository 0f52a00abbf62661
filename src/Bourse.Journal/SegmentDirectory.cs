using System.Globalization;

namespace Bourse.Journal;

/// <summary>The segment files of a log directory, each named after its first sequence in 20 digits so name order is log order.</summary>
internal static class SegmentDirectory
{
    private const string Extension = ".log";
    private const int DigitCount = 20;

    public static string PathFor(string directory, long firstSequence) =>
        Path.Combine(directory, firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    /// <summary>The segments in <paramref name="directory"/>, oldest first; files not named like a segment are not ours.</summary>
    public static List<Segment> List(string directory)
    {
        var segments = new List<Segment>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(path.AsSpan());
            if (name.Length == DigitCount
                && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var firstSequence)
                && firstSequence > 0)
            {
                segments.Add(new Segment(firstSequence, path));
            }
        }

        segments.Sort(static (a, b) => a.FirstSequence.CompareTo(b.FirstSequence));
        return segments;
    }
}
