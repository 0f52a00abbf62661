using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>The validated state of a log directory, ready for appending at the end of its last segment.</summary>
internal sealed class RecoveredLog
{
    public required List<Segment> Segments { get; init; }

    public required SafeFileHandle LastSegmentFile { get; init; }

    public required long LastSegmentLength { get; init; }

    /// <summary>Format of the last segment: appends go to a new segment rather than into a format-1 one.</summary>
    public required uint LastSegmentVersion { get; init; }

    public required long LastSequence { get; init; }

    public required RecoveryReport Report { get; init; }
}
