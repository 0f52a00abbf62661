using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>
/// Validates every record of every segment on open. Each append writes one batch and fsyncs it before the next is
/// written, and a caller is acknowledged only after that, so only the final batch can be torn — and a torn batch may
/// have any of its pages on disk, in any order (a damaged record followed by intact ones of the same batch).
/// The rule, in the last segment: if nothing of a batch later than the damaged one is on disk (see
/// <see cref="TornTailProbe"/>), the damage is the unfinished final batch, and the segment is cut at the end of the last
/// complete batch — a record marked as a batch end, with every record before it valid — so a batch is kept or dropped
/// as a whole. Otherwise the damaged batch had been durable, and maybe acknowledged: <see cref="CorruptLogException"/>.
/// Damage in any other segment, which was made durable before the next one was created, is always corruption.
/// </summary>
internal static class LogRecovery
{
    private const string UnfinishedBatch = "the last record is not marked as the end of its batch";

    public static RecoveredLog Recover(string directory)
    {
        var segments = SegmentDirectory.List(directory);
        if (segments.Count == 0) return StartEmpty(directory);

        var reader = new SegmentReader();
        var expected = segments[0].FirstSequence;
        var records = 0L;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var segment = segments[i];
            CheckStartsAt(segment, expected);
            using var file = SegmentFile.OpenForRead(segment.Path);
            var length = RandomAccess.GetLength(file);
            var headerProblem = SegmentFile.HeaderProblem(file, length, segment.FirstSequence, out var version);
            if (headerProblem is not null) throw new CorruptLogException(segment.Path, 0, headerProblem);

            reader.Attach(file, SegmentHeader.Size, length, version);
            var status = ReadAll(reader, ref expected, ref records);
            reader.Detach();
            if (status != RecordReadStatus.EndOfSegment)
                throw new CorruptLogException(segment.Path, reader.Offset, $"{status.Describe()} in a segment that is not the last");
            if (!reader.AtBatchEnd)
                throw new CorruptLogException(segment.Path, reader.Offset, $"{UnfinishedBatch} in a segment that is not the last");
        }

        var last = segments[^1];
        CheckStartsAt(last, expected);
        var lastFile = SegmentFile.OpenForAppend(last.Path);
        try
        {
            var tail = RecoverLastSegment(last, lastFile, reader, ref expected, ref records);

            // The last segment may have been created just before a crash; its directory entry must be durable before it takes appends.
            DirectorySync.Flush(directory);
            return new RecoveredLog
            {
                Segments = segments,
                LastSegmentFile = lastFile,
                LastSegmentLength = tail.Length,
                LastSegmentVersion = tail.Version,
                LastSequence = expected - 1,
                Report = new RecoveryReport
                {
                    Segments = segments.Count,
                    Records = records,
                    FirstSequence = segments[0].FirstSequence,
                    LastSequence = expected - 1,
                    TruncatedBytes = tail.TruncatedBytes,
                    TruncatedFile = tail.Reason is null ? null : last.Path,
                    TruncatedAtOffset = tail.Reason is null ? 0 : tail.Length,
                    DiscardedRecords = tail.DiscardedRecords,
                    Reason = tail.Reason,
                },
            };
        }
        catch
        {
            lastFile.Dispose();
            throw;
        }
    }

    private static RecoveredLog StartEmpty(string directory)
    {
        const long firstSequence = 1;
        var file = SegmentFile.Create(directory, firstSequence);
        return new RecoveredLog
        {
            Segments = [new Segment(firstSequence, SegmentDirectory.PathFor(directory, firstSequence))],
            LastSegmentFile = file,
            LastSegmentLength = SegmentHeader.Size,
            LastSegmentVersion = SegmentHeader.FormatVersion,
            LastSequence = firstSequence - 1,
            Report = new RecoveryReport { Segments = 1, Records = 0, FirstSequence = firstSequence, LastSequence = firstSequence - 1 },
        };
    }

    private static void CheckStartsAt(Segment segment, long expected)
    {
        if (segment.FirstSequence != expected)
        {
            throw new CorruptLogException(
                segment.Path, 0, $"segment starts at sequence {segment.FirstSequence} but {expected} follows the previous one");
        }
    }

    private static RecordReadStatus ReadAll(SegmentReader reader, ref long expected, ref long records)
    {
        RecordReadStatus status;
        while ((status = reader.ReadNext(expected)) == RecordReadStatus.Record)
        {
            expected++;
            records++;
        }

        return status;
    }

    private static RecoveredTail RecoverLastSegment(
        Segment segment, SafeFileHandle file, SegmentReader reader, ref long expected, ref long records)
    {
        var length = RandomAccess.GetLength(file);
        var headerProblem = SegmentFile.HeaderProblem(file, length, segment.FirstSequence, out var version);
        if (headerProblem is not null)
        {
            // A crash while the segment was being created leaves it short or zero-filled; it never held a record.
            if (length >= SegmentHeader.Size && !FileReads.IsAllZero(file, 0, length))
                throw new CorruptLogException(segment.Path, 0, headerProblem);
            SegmentFile.WriteHeader(file, segment.FirstSequence);
            return new RecoveredTail(SegmentHeader.Size, SegmentHeader.FormatVersion, length, 0, $"incomplete segment header ({headerProblem})");
        }

        // Read the valid records, remembering where the last complete batch ends; the segment starts at a batch boundary.
        reader.Attach(file, SegmentHeader.Size, length, version);
        var batchEnd = (Offset: (long)SegmentHeader.Size, Expected: expected, Records: records);
        RecordReadStatus status;
        while ((status = reader.ReadNext(expected)) == RecordReadStatus.Record)
        {
            expected++;
            records++;
            if (reader.AtBatchEnd) batchEnd = (reader.Offset, expected, records);
        }

        var badOffset = reader.Offset;
        reader.Detach();
        if (status == RecordReadStatus.EndOfSegment && batchEnd.Offset == length)
            return LastSegmentOpenedFor(file, segment, version, new RecoveredTail(length, version, 0, 0, null));

        string reason;
        if (status == RecordReadStatus.EndOfSegment)
        {
            reason = $"final batch unfinished: {UnfinishedBatch}";
        }
        else
        {
            reason = status.Describe();
            if (status == RecordReadStatus.SequenceMismatch)
            {
                // A well-formed record with the wrong sequence is no torn write: something else wrote it.
                throw new CorruptLogException(segment.Path, badOffset, $"{reason}: found {reader.Sequence}, expected {expected}");
            }

            if (status == RecordReadStatus.BatchMarkMismatch)
                throw new CorruptLogException(segment.Path, badOffset, $"{reason} at sequence {expected}");

            if (TornTailProbe.TryFindLaterBatch(file, version, badOffset, length, expected, out var later))
                throw new CorruptLogException(segment.Path, badOffset, LaterBatchDescription(reason, later));
        }

        // What follows the last complete batch can only be the final batch, unacknowledged: it goes as a whole.
        var discarded = records - batchEnd.Records;
        expected = batchEnd.Expected;
        records = batchEnd.Records;
        RandomAccess.SetLength(file, batchEnd.Offset);
        RandomAccess.FlushToDisk(file);
        return LastSegmentOpenedFor(file, segment, version, new RecoveredTail(batchEnd.Offset, version, length - batchEnd.Offset, discarded, reason));
    }

    /// <summary>
    /// Appends write format 2, so a format-1 last segment that holds no record becomes a format-2 one; one that holds
    /// records stays as it is and the log starts a new segment before its first append.
    /// </summary>
    private static RecoveredTail LastSegmentOpenedFor(SafeFileHandle file, Segment segment, uint version, RecoveredTail tail)
    {
        if (version == SegmentHeader.FormatVersion || tail.Length > SegmentHeader.Size) return tail;
        SegmentFile.WriteHeader(file, segment.FirstSequence);
        return tail with { Version = SegmentHeader.FormatVersion };
    }

    private static string LaterBatchDescription(string reason, LaterBatchRecord later) => later.BatchEndOffset < 0
        ? $"{reason}, yet a later batch follows: a valid record that starts a batch, sequence {later.Sequence}, at offset {later.Offset}"
        : $"{reason}, yet a later batch follows: a valid record with sequence {later.Sequence} at offset {later.Offset}, "
          + $"after the end of the batch with sequence {later.BatchEndSequence} at offset {later.BatchEndOffset}";

    /// <summary>The last segment after recovery: where appends continue, its format, and what was cut off and why.</summary>
    private readonly record struct RecoveredTail(long Length, uint Version, long TruncatedBytes, long DiscardedRecords, string? Reason);
}
