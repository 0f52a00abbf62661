namespace Bourse.Journal;

/// <summary>
/// A reusable buffer of framed records, filled by the writer thread and appended as one write. Payloads are written
/// in place (<see cref="BeginRecord"/> / <see cref="EndRecord"/>), so a warmed-up batch allocates nothing.
/// Its first and last records carry batch marks, which let recovery keep or drop a batch as a whole.
/// </summary>
public sealed class LogBatch
{
    /// <summary>Largest payload of one record.</summary>
    public const int MaxPayloadLength = RecordFormat.MaxPayloadLength;

    private byte[] _buffer;
    private int _reservedPayloadLength = -1;
    private int _lastRecordOffset = -1;
    private bool _lastRecordMarked;

    public LogBatch(int initialCapacityBytes = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacityBytes);
        _buffer = GC.AllocateUninitializedArray<byte>(initialCapacityBytes);
        FirstSequence = 1;
    }

    public long FirstSequence { get; private set; }

    /// <summary>Records in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Framed bytes in the batch.</summary>
    public int Length { get; private set; }

    /// <summary>Sequence the next record will get.</summary>
    public long NextSequence => FirstSequence + Count;

    /// <summary>The bytes to write: every completed record, framed, the first marked as the start and the last as the end of the batch.</summary>
    public ReadOnlySpan<byte> Framed
    {
        get
        {
            // Marked here rather than in EndRecord, which cannot know which record is the last: one checksum per batch.
            if (!_lastRecordMarked && _lastRecordOffset >= 0)
            {
                RecordFormat.SetEndOfBatch(_buffer.AsSpan(_lastRecordOffset, Length - _lastRecordOffset), endsBatch: true);
                _lastRecordMarked = true;
            }

            return _buffer.AsSpan(0, Length);
        }
    }

    /// <summary>Empties the batch; its records will be numbered from <paramref name="firstSequence"/>.</summary>
    public void Reset(long firstSequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSequence, 1);
        FirstSequence = firstSequence;
        Count = 0;
        Length = 0;
        _reservedPayloadLength = -1;
        _lastRecordOffset = -1;
        _lastRecordMarked = false;
    }

    /// <summary>Space for one payload of up to <paramref name="maxPayloadLength"/> bytes; finish it with <see cref="EndRecord"/>.</summary>
    public Span<byte> BeginRecord(int maxPayloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPayloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadLength, MaxPayloadLength);
        var required = (long)Length + RecordFormat.HeaderSize + maxPayloadLength;
        if (required > _buffer.Length) Grow(required);
        _reservedPayloadLength = maxPayloadLength;
        return _buffer.AsSpan(Length + RecordFormat.HeaderSize, maxPayloadLength);
    }

    /// <summary>Frames the payload written since <see cref="BeginRecord"/>; its sequence is <see cref="NextSequence"/>.</summary>
    public void EndRecord(int payloadLength)
    {
        if (_reservedPayloadLength < 0) throw new InvalidOperationException("EndRecord must follow BeginRecord.");
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, _reservedPayloadLength);

        if (_lastRecordMarked)
        {
            // Framed was read before this record was added: the batch no longer ends where it did.
            RecordFormat.SetEndOfBatch(_buffer.AsSpan(_lastRecordOffset, Length - _lastRecordOffset), endsBatch: false);
            _lastRecordMarked = false;
        }

        var recordLength = RecordFormat.HeaderSize + payloadLength;
        RecordFormat.WriteHeader(_buffer.AsSpan(Length, recordLength), payloadLength, NextSequence, startsBatch: Count == 0, endsBatch: false);
        _lastRecordOffset = Length;
        Length += recordLength;
        Count++;
        _reservedPayloadLength = -1;
    }

    /// <summary>Copies <paramref name="payload"/> in as the next record.</summary>
    public void Add(ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(BeginRecord(payload.Length));
        EndRecord(payload.Length);
    }

    private void Grow(long required)
    {
        if (required > Array.MaxLength) throw new InvalidOperationException("The batch is full; append it and start another.");
        var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(Array.MaxLength, Math.Max(required, 2L * _buffer.Length)));
        _buffer.AsSpan(0, Length).CopyTo(grown);
        _buffer = grown;
    }
}
