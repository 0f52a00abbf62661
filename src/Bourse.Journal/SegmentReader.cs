using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>
/// Reads the records of one segment in order through a large reusable buffer, validating each. Records are handed
/// out as spans into the buffer, so reading allocates nothing; the buffer grows only for a record larger than it.
/// It also tracks batch boundaries (see <see cref="AtBatchEnd"/>).
/// </summary>
internal sealed class SegmentReader
{
    public const int DefaultBufferSize = 1 << 20;

    private byte[] _buffer;
    private SafeFileHandle? _file;
    private long _limit;
    private uint _version;
    private long _bufferFileOffset;
    private int _position;
    private int _filled;
    private int _payloadStart;
    private int _payloadLength;

    public SegmentReader(int bufferSize = DefaultBufferSize)
    {
        _buffer = GC.AllocateUninitializedArray<byte>(bufferSize);
    }

    /// <summary>File offset of the next record, or of the bad one after a failed read.</summary>
    public long Offset => _bufferFileOffset + _position;

    /// <summary>Sequence of the last record read (also set on a sequence mismatch).</summary>
    public long Sequence { get; private set; }

    /// <summary>
    /// True at a batch boundary: at the start of the segment or just after a record that ends a batch (in a
    /// format-1 segment, any record). Segments start and end at batch boundaries, and a record must carry the
    /// start-of-batch mark exactly when it follows one.
    /// </summary>
    public bool AtBatchEnd { get; private set; }

    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(_payloadStart, _payloadLength);

    /// <summary>
    /// Starts reading <paramref name="file"/> (not owned), a segment of format <paramref name="version"/>, at
    /// <paramref name="offset"/>, a batch boundary; bytes at or past <paramref name="limit"/> are not part of the log.
    /// </summary>
    public void Attach(SafeFileHandle file, long offset, long limit, uint version)
    {
        _file = file;
        _limit = limit;
        _version = version;
        AtBatchEnd = true;
        _bufferFileOffset = offset;
        _position = 0;
        _filled = 0;
        _payloadLength = 0;
    }

    public void Detach()
    {
        _file = null;
    }

    /// <summary>Reads and validates the next record, which must carry <paramref name="expectedSequence"/>; on failure the position stays at the bad record.</summary>
    public RecordReadStatus ReadNext(long expectedSequence)
    {
        if (!Ensure(RecordFormat.HeaderSize))
            return Offset == _limit ? RecordReadStatus.EndOfSegment : RecordReadStatus.TruncatedHeader;

        var header = _buffer.AsSpan(_position, RecordFormat.HeaderSize);
        var payloadLength = RecordFormat.ReadPayloadLength(header, _version, out var startsBatch, out var endsBatch);
        if ((uint)payloadLength > RecordFormat.MaxPayloadLength) return RecordReadStatus.BadLength;

        var recordLength = RecordFormat.HeaderSize + payloadLength;
        if (!Ensure(recordLength)) return RecordReadStatus.TruncatedPayload;

        var record = _buffer.AsSpan(_position, recordLength);
        if (!RecordFormat.ChecksumMatches(record, _version)) return RecordReadStatus.ChecksumMismatch;

        Sequence = RecordFormat.ReadSequence(record);
        if (Sequence != expectedSequence) return RecordReadStatus.SequenceMismatch;
        if (startsBatch != AtBatchEnd) return RecordReadStatus.BatchMarkMismatch;

        _payloadStart = _position + RecordFormat.HeaderSize;
        _payloadLength = payloadLength;
        _position += recordLength;
        AtBatchEnd = endsBatch;
        return RecordReadStatus.Record;
    }

    /// <summary>Makes <paramref name="count"/> bytes from the current position available; false when the segment holds fewer.</summary>
    private bool Ensure(int count)
    {
        if (_filled - _position >= count) return true;
        if (Offset + count > _limit) return false;

        // Compact: the partial record moves to the front, so the buffer never holds more than one stale copy.
        var remaining = _filled - _position;
        if (count > _buffer.Length)
        {
            var larger = GC.AllocateUninitializedArray<byte>(Math.Max(count, _buffer.Length * 2));
            _buffer.AsSpan(_position, remaining).CopyTo(larger);
            _buffer = larger;
        }
        else if (_position > 0)
        {
            _buffer.AsSpan(_position, remaining).CopyTo(_buffer);
        }

        _bufferFileOffset += _position;
        _position = 0;
        _filled = remaining;

        var wanted = (int)Math.Min(_buffer.Length, _limit - _bufferFileOffset);
        while (_filled < count)
        {
            var read = RandomAccess.Read(_file!, _buffer.AsSpan(_filled, wanted - _filled), _bufferFileOffset + _filled);
            if (read == 0) return false;
            _filled += read;
        }

        return true;
    }
}
