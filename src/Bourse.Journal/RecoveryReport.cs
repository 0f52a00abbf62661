namespace Bourse.Journal;

/// <summary>
/// What <see cref="FileCommandLog.Open"/> found on disk and what, if anything, it cut off: an unfinished final batch
/// (never acknowledged), dropped as a whole from the end of the last complete batch on.
/// </summary>
public sealed class RecoveryReport
{
    public required int Segments { get; init; }

    /// <summary>Valid records found (after any truncation).</summary>
    public required long Records { get; init; }

    /// <summary>First sequence the log holds, or would hold when it is empty.</summary>
    public required long FirstSequence { get; init; }

    /// <summary>Last valid sequence; <see cref="FirstSequence"/> - 1 when the log is empty.</summary>
    public required long LastSequence { get; init; }

    /// <summary>Bytes cut off the end of the last segment; 0 when the log ended cleanly.</summary>
    public long TruncatedBytes { get; init; }

    /// <summary>The segment that was truncated, if any.</summary>
    public string? TruncatedFile { get; init; }

    /// <summary>Offset at which the truncated segment now ends: the end of the last complete batch.</summary>
    public long TruncatedAtOffset { get; init; }

    /// <summary>Valid records of the unfinished final batch, before its damage, that were cut off with it.</summary>
    public long DiscardedRecords { get; init; }

    /// <summary>Why the tail was cut (e.g. "record checksum mismatch"); null when the log ended cleanly.</summary>
    public string? Reason { get; init; }

    public bool EndedCleanly => Reason is null;

    public override string ToString() => EndedCleanly
        ? $"{Records} records in {Segments} segments, sequences {FirstSequence}..{LastSequence}, clean end"
        : $"{Records} records in {Segments} segments, sequences {FirstSequence}..{LastSequence}; torn tail: {Reason}, "
          + $"{TruncatedBytes} bytes ({DiscardedRecords} whole records of the unfinished batch) cut from '{TruncatedFile}' at offset {TruncatedAtOffset}";
}
