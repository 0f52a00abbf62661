using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>
/// Validates every record of every segment on open. Damage at the very end of the last segment is a torn write and is
/// cut off; damage anywhere else would mean losing acknowledged records, so it raises <see cref="CorruptLogException"/>.
/// </summary>
internal static class LogRecovery
{
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
            var headerProblem = SegmentFile.HeaderProblem(file, length, segment.FirstSequence);
            if (headerProblem is not null) throw new CorruptLogException(segment.Path, 0, headerProblem);

            reader.Attach(file, SegmentHeader.Size, length);
            var status = ReadAll(reader, ref expected, ref records);
            reader.Detach();
            if (status != RecordReadStatus.EndOfSegment)
                throw new CorruptLogException(segment.Path, reader.Offset, $"{status.Describe()} in a segment that is not the last");
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

    private static (long Length, long TruncatedBytes, string? Reason) RecoverLastSegment(
        Segment segment, SafeFileHandle file, SegmentReader reader, ref long expected, ref long records)
    {
        var length = RandomAccess.GetLength(file);
        var headerProblem = SegmentFile.HeaderProblem(file, length, segment.FirstSequence);
        if (headerProblem is not null)
        {
            // A crash while the segment was being created leaves it short or zero-filled; it never held a record.
            if (length >= SegmentHeader.Size && !FileReads.IsAllZero(file, 0, length))
                throw new CorruptLogException(segment.Path, 0, headerProblem);
            SegmentFile.WriteHeader(file, segment.FirstSequence);
            return (SegmentHeader.Size, length, $"incomplete segment header ({headerProblem})");
        }

        reader.Attach(file, SegmentHeader.Size, length);
        var status = ReadAll(reader, ref expected, ref records);
        var badOffset = reader.Offset;
        reader.Detach();
        if (status == RecordReadStatus.EndOfSegment) return (length, 0, null);

        var reason = status.Describe();
        if (status == RecordReadStatus.SequenceMismatch)
        {
            // A well-formed record with the wrong sequence is no torn write: something else wrote it.
            throw new CorruptLogException(segment.Path, badOffset, $"{reason}: found {reader.Sequence}, expected {expected}");
        }

        if (TornTailProbe.TryFindRecordAfter(file, badOffset, length, expected, out var laterOffset, out var laterSequence))
        {
            throw new CorruptLogException(
                segment.Path, badOffset, $"{reason}, yet a valid record with sequence {laterSequence} follows at offset {laterOffset}");
        }

        RandomAccess.SetLength(file, badOffset);
        RandomAccess.FlushToDisk(file);
        return (badOffset, length - badOffset, reason);
    }
}
