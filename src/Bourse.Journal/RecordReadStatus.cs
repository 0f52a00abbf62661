namespace Bourse.Journal;

/// <summary>What reading the next record of a segment found.</summary>
internal enum RecordReadStatus
{
    Record,
    EndOfSegment,
    TruncatedHeader,
    BadLength,
    TruncatedPayload,
    ChecksumMismatch,
    SequenceMismatch,
    BatchMarkMismatch,
}

internal static class RecordReadStatusExtensions
{
    public static string Describe(this RecordReadStatus status) => status switch
    {
        RecordReadStatus.TruncatedHeader => "record header cut short",
        RecordReadStatus.BadLength => "record length out of range",
        RecordReadStatus.TruncatedPayload => "record payload cut short",
        RecordReadStatus.ChecksumMismatch => "record checksum mismatch",
        RecordReadStatus.SequenceMismatch => "record sequence out of order",
        RecordReadStatus.BatchMarkMismatch => "record batch marks out of order",
        _ => status.ToString(),
    };
}
