using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>
/// Decides whether damage in the last segment is a torn tail. A torn write only ever hits the end of the log, so if
/// any well-formed record with the expected sequence or a later one starts after the bad spot, the damage is
/// corruption of acknowledged data instead.
/// </summary>
internal static class TornTailProbe
{
    private const int WindowSize = 1 << 20;

    /// <summary>Looks at every byte offset after <paramref name="badOffset"/> for a record that validates.</summary>
    public static bool TryFindRecordAfter(
        SafeFileHandle file, long badOffset, long fileLength, long expectedSequence, out long foundOffset, out long foundSequence)
    {
        // Each record takes at least a header, which bounds the sequences that can still appear.
        var maxSequence = expectedSequence + ((fileLength - badOffset) / RecordFormat.HeaderSize);
        var window = GC.AllocateUninitializedArray<byte>(WindowSize);
        var windowStart = badOffset + 1;
        while (windowStart + RecordFormat.HeaderSize <= fileLength)
        {
            var count = (int)Math.Min(window.Length, fileLength - windowStart);
            FileReads.ReadExactly(file, window.AsSpan(0, count), windowStart);
            var lastCandidate = count - RecordFormat.HeaderSize;
            for (var p = 0; p <= lastCandidate; p++)
            {
                var candidate = window.AsSpan(p);
                var sequence = RecordFormat.ReadSequence(candidate);
                if (sequence < expectedSequence || sequence > maxSequence) continue;
                var payloadLength = RecordFormat.ReadPayloadLength(candidate);
                var offset = windowStart + p;
                if ((uint)payloadLength > RecordFormat.MaxPayloadLength
                    || offset + RecordFormat.HeaderSize + payloadLength > fileLength)
                {
                    continue;
                }

                if (ChecksumMatches(file, window.AsSpan(p, count - p), offset, payloadLength))
                {
                    foundOffset = offset;
                    foundSequence = sequence;
                    return true;
                }
            }

            windowStart += lastCandidate + 1;
        }

        foundOffset = -1;
        foundSequence = 0;
        return false;
    }

    private static bool ChecksumMatches(SafeFileHandle file, ReadOnlySpan<byte> windowFromCandidate, long offset, int payloadLength)
    {
        var recordLength = RecordFormat.HeaderSize + payloadLength;
        if (recordLength <= windowFromCandidate.Length)
            return RecordFormat.ChecksumMatches(windowFromCandidate[..recordLength], payloadLength);

        var record = GC.AllocateUninitializedArray<byte>(recordLength);
        FileReads.ReadExactly(file, record, offset);
        return RecordFormat.ChecksumMatches(record, payloadLength);
    }
}
