using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>
/// Reads the segments captured when it was made, in order, validating every record (skipped ones too). It stops at
/// the sequence that was last durable then, so it never mistakes a batch being written for damage. That is the end of
/// a complete batch (appends are whole batches), and the cursor checks it: no record past the last complete batch is
/// ever exposed, and a segment or the readable log ending inside a batch is <see cref="CorruptLogException"/>.
/// </summary>
internal sealed class FileLogCursor : LogCursor
{
    private readonly Segment[] _segments;
    private readonly long _lastSegmentLimit;
    private readonly long _fromSequence;
    private readonly long _endSequence;
    private readonly SegmentReader _reader = new();
    private SafeFileHandle? _file;
    private string _path = "";
    private int _nextSegment;
    private long _expected;
    private long _sequence;
    private bool _disposed;

    public FileLogCursor(Segment[] segments, long lastSegmentLimit, long fromSequence, long endSequence)
    {
        _segments = segments;
        _lastSegmentLimit = lastSegmentLimit;
        _fromSequence = fromSequence;
        _endSequence = endSequence;

        // Segments wholly before fromSequence hold nothing wanted: start in the last one that begins at or before it.
        _nextSegment = segments.Length - 1;
        while (_nextSegment > 0 && segments[_nextSegment].FirstSequence > fromSequence) _nextSegment--;
        _expected = fromSequence > endSequence ? endSequence + 1 : segments[_nextSegment].FirstSequence;
    }

    public override long Sequence => _sequence;

    public override ReadOnlySpan<byte> Payload => _reader.Payload;

    public override bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_expected <= _endSequence)
        {
            if (_file is null) OpenNextSegment();

            var recordOffset = _reader.Offset;
            var status = _reader.ReadNext(_expected);
            if (status == RecordReadStatus.Record)
            {
                if (_expected == _endSequence && !_reader.AtBatchEnd)
                    throw new CorruptLogException(_path, recordOffset, $"record {_expected}, the last durable one, is not marked as the end of its batch");
                _expected++;
                if (_reader.Sequence < _fromSequence) continue;
                _sequence = _reader.Sequence;
                return true;
            }

            if (status != RecordReadStatus.EndOfSegment) throw new CorruptLogException(_path, _reader.Offset, status.Describe());
            if (!_reader.AtBatchEnd)
                throw new CorruptLogException(_path, _reader.Offset, "the segment ends inside a batch: its last record is not marked as the end of its batch");
            CloseSegment();
        }

        return false;
    }

    public override void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CloseSegment();
    }

    private void OpenNextSegment()
    {
        if (_nextSegment == _segments.Length)
            throw new CorruptLogException(_path, _reader.Offset, $"the log ends before sequence {_expected}, though {_endSequence} was durable");

        var segment = _segments[_nextSegment];
        if (segment.FirstSequence != _expected)
            throw new CorruptLogException(segment.Path, 0, $"segment starts at sequence {segment.FirstSequence} but {_expected} was expected");

        var file = SegmentFile.OpenForRead(segment.Path);
        try
        {
            var limit = _nextSegment == _segments.Length - 1 ? _lastSegmentLimit : RandomAccess.GetLength(file);
            var headerProblem = SegmentFile.HeaderProblem(file, limit, segment.FirstSequence, out var version);
            if (headerProblem is not null) throw new CorruptLogException(segment.Path, 0, headerProblem);
            _reader.Attach(file, SegmentHeader.Size, limit, version);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        _file = file;
        _path = segment.Path;
        _nextSegment++;
    }

    private void CloseSegment()
    {
        _reader.Detach();
        _file?.Dispose();
        _file = null;
    }
}
