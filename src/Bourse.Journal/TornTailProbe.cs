using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>
/// Decides whether damage in the last segment can be the unfinished final batch. Each batch is written (and fsynced)
/// before the next one is, so if any record of a batch LATER than the damaged one reached the disk, the damaged batch
/// had been made durable, and maybe acknowledged: the damage is corruption, not a torn write.
/// A crash can persist the pages of one write in any order, so records of the damaged batch itself, its end-of-batch
/// record included, may well be intact after the bad spot; they prove nothing. Two things do, both found after the
/// bad spot: a valid record that starts a batch (the damaged batch starts at or before the bad spot), or a valid
/// record whose sequence comes after that of a valid end-of-batch record. In a format-1 segment every record starts
/// a batch of its own, so any valid record after the bad one is a later batch.
/// </summary>
internal static class TornTailProbe
{
    private const int WindowSize = 1 << 20;

    /// <summary>
    /// Looks at the byte offsets after <paramref name="badOffset"/>, where a record with
    /// <paramref name="expectedSequence"/> failed to validate, for a record of a later batch.
    /// </summary>
    public static bool TryFindLaterBatch(
        SafeFileHandle file, uint version, long badOffset, long fileLength, long expectedSequence, out LaterBatchRecord found)
    {
        // Each record takes at least a header, which bounds the sequences that can still appear.
        var maxSequence = expectedSequence + ((fileLength - badOffset) / RecordFormat.HeaderSize);
        var batchEndSequence = long.MaxValue;
        var batchEndOffset = -1L;

        var window = GC.AllocateUninitializedArray<byte>(WindowSize);
        var windowStart = 0L;
        var windowCount = 0;
        var position = badOffset + 1;
        while (position + RecordFormat.HeaderSize <= fileLength)
        {
            if (position + RecordFormat.HeaderSize > windowStart + windowCount)
            {
                windowStart = position;
                windowCount = (int)Math.Min(window.Length, fileLength - position);
                FileReads.ReadExactly(file, window.AsSpan(0, windowCount), windowStart);
            }

            var candidate = window.AsSpan((int)(position - windowStart), windowCount - (int)(position - windowStart));
            var sequence = RecordFormat.ReadSequence(candidate);
            var payloadLength = RecordFormat.ReadPayloadLength(candidate, version, out var startsBatch, out var endsBatch);
            if (sequence < expectedSequence || sequence > maxSequence
                || (uint)payloadLength > RecordFormat.MaxPayloadLength
                || position + RecordFormat.HeaderSize + payloadLength > fileLength
                || !ChecksumMatches(file, version, candidate, position, payloadLength))
            {
                position++;
                continue;
            }

            if (startsBatch)
            {
                found = new LaterBatchRecord(position, sequence, -1, 0);
                return true;
            }

            if (sequence > batchEndSequence)
            {
                found = new LaterBatchRecord(position, sequence, batchEndOffset, batchEndSequence);
                return true;
            }

            if (endsBatch && sequence < batchEndSequence)
            {
                batchEndSequence = sequence;
                batchEndOffset = position;
            }

            // A valid record is taken as one: what its payload holds is not looked at for records.
            position += RecordFormat.HeaderSize + payloadLength;
        }

        found = default;
        return false;
    }

    private static bool ChecksumMatches(SafeFileHandle file, uint version, ReadOnlySpan<byte> windowFromCandidate, long offset, int payloadLength)
    {
        var recordLength = RecordFormat.HeaderSize + payloadLength;
        if (recordLength <= windowFromCandidate.Length)
            return RecordFormat.ChecksumMatches(windowFromCandidate[..recordLength], version);

        var record = GC.AllocateUninitializedArray<byte>(recordLength);
        FileReads.ReadExactly(file, record, offset);
        return RecordFormat.ChecksumMatches(record, version);
    }
}

/// <summary>
/// A valid record (<see cref="Offset"/>, <see cref="Sequence"/>) found after damage that belongs to a batch later than
/// the damaged one: it starts a batch (<see cref="BatchEndOffset"/> is -1), or it comes after the end of a batch
/// (<see cref="BatchEndOffset"/>, <see cref="BatchEndSequence"/>) that lies after the damage.
/// </summary>
internal readonly record struct LaterBatchRecord(long Offset, long Sequence, long BatchEndOffset, long BatchEndSequence);
