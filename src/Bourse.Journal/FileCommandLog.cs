using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>
/// The embedded command log: append-only segment files in one directory, each batch written with one positioned
/// write and, per <see cref="FsyncPolicy"/>, one fsync. The first and last records of each batch carry batch marks, so
/// recovery can drop an unfinished final batch as a whole (see <see cref="Recovery"/>).
/// Threading: one writer thread calls <see cref="Append"/>/<see cref="AppendAsync"/>; call <see cref="ReadFrom"/> on
/// that same thread (e.g. replay before appending starts). A cursor reads only what was durable when it was made, so it
/// may then be used on another thread while appends go on. No locks: the hot path is single-threaded by contract.
/// </summary>
public sealed class FileCommandLog : ICommandLog
{
    private const string LockFileName = "journal.lock";
    private const long MinSegmentBytes = SegmentHeader.Size + RecordFormat.HeaderSize;

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly FsyncPolicy _fsync;
    private readonly SafeFileHandle _directoryLock;
    private readonly List<Segment> _segments;
    private SafeFileHandle _segmentFile;
    private long _segmentLength;
    private long _lastSequence;
    private bool _rollBeforeNextAppend;
    private Exception? _failure;
    private bool _disposed;

    private FileCommandLog(string directory, FileCommandLogOptions options, SafeFileHandle directoryLock, RecoveredLog recovered)
    {
        _directory = directory;
        _segmentBytes = options.SegmentBytes;
        _fsync = options.Fsync;
        _directoryLock = directoryLock;
        _segments = recovered.Segments;
        _segmentFile = recovered.LastSegmentFile;
        _segmentLength = recovered.LastSegmentLength;
        _lastSequence = recovered.LastSequence;

        // A format-1 segment has no batch marks: new batches go to a segment of the current format.
        _rollBeforeNextAppend = recovered.LastSegmentVersion != SegmentHeader.FormatVersion;
        Recovery = recovered.Report;
    }

    /// <summary>What <see cref="Open"/> found: records, segments and any torn tail it cut off.</summary>
    public RecoveryReport Recovery { get; }

    public string Directory => _directory;

    /// <summary>First sequence still held by the log (1 unless older segments were removed).</summary>
    public long FirstSequence => _segments[0].FirstSequence;

    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>
    /// Opens the log in <see cref="FileCommandLogOptions.Directory"/>, creating it if needed, after validating every
    /// record: an unfinished final batch is truncated (see <see cref="Recovery"/>), any other damage throws <see cref="CorruptLogException"/>.
    /// The directory is locked against a second open until <see cref="Dispose"/>.
    /// </summary>
    public static FileCommandLog Open(FileCommandLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
            throw new ArgumentException("A directory is required.", nameof(options));
        if (options.SegmentBytes < MinSegmentBytes)
            throw new ArgumentOutOfRangeException(nameof(options), options.SegmentBytes, $"SegmentBytes must be at least {MinSegmentBytes}.");
        if (!Enum.IsDefined(options.Fsync))
            throw new ArgumentOutOfRangeException(nameof(options), options.Fsync, "Unknown fsync policy.");

        var directory = Path.GetFullPath(options.Directory);
        CreateDirectoryDurably(directory);
        var directoryLock = LockDirectory(directory);
        try
        {
            return new FileCommandLog(directory, options, directoryLock, LogRecovery.Recover(directory));
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    public ValueTask AppendAsync(LogBatch batch, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        try
        {
            Append(batch);
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>Synchronous <see cref="AppendAsync"/>: returns when the batch is durable (per policy).</summary>
    public void Append(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is not null)
            throw new InvalidOperationException("An earlier append failed, so what reached the disk is unknown; repair or reopen the log first.", _failure);

        var expected = _lastSequence + 1;
        if (batch.FirstSequence != expected)
            throw new InvalidOperationException($"The batch starts at sequence {batch.FirstSequence} but the log continues at {expected}.");
        if (batch.Count == 0) return;

        try
        {
            if (_rollBeforeNextAppend || (_segmentLength > SegmentHeader.Size && _segmentLength + batch.Length > _segmentBytes))
            {
                Roll(expected);
                _rollBeforeNextAppend = false;
            }

            RandomAccess.Write(_segmentFile, batch.Framed, _segmentLength);
            if (_fsync == FsyncPolicy.EveryBatch) RandomAccess.FlushToDisk(_segmentFile);
        }
        catch (Exception e)
        {
            // A failed fsync cannot be retried (the kernel may have dropped the dirty pages): refuse further appends.
            _failure = e;
            throw;
        }

        _segmentLength += batch.Length;
        Volatile.Write(ref _lastSequence, expected + batch.Count - 1);
    }

    /// <summary>
    /// Makes the log appendable again after an append failed (a full disk, a read-only remount, an I/O error): cuts the
    /// open segment back to its last durable byte, makes that durable, and removes a next segment that a failed roll
    /// left behind. The failed batch may then be appended again. Bytes of a batch whose write or fsync failed are never
    /// trusted — after a failed fsync the kernel may have dropped them while keeping them readable in its cache — so they
    /// are cut off and written anew, and their new fsync is what makes them durable. Throws while the fault lasts; the
    /// log stays refusing appends until a repair succeeds.
    /// </summary>
    public void Repair()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is null) return;

        var next = SegmentDirectory.PathFor(_directory, _lastSequence + 1);
        if (_segments[^1].Path != next && File.Exists(next))
        {
            File.Delete(next);
            DirectorySync.Flush(_directory);
        }

        RandomAccess.SetLength(_segmentFile, _segmentLength);
        RandomAccess.FlushToDisk(_segmentFile);
        _failure = null;
    }

    public LogCursor ReadFrom(long fromSequence)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (fromSequence < FirstSequence)
            throw new ArgumentOutOfRangeException(nameof(fromSequence), fromSequence, $"The log starts at sequence {FirstSequence}.");
        return new FileLogCursor([.. _segments], _segmentLength, fromSequence, _lastSequence);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _segmentFile.Dispose();
        _directoryLock.Dispose();
    }

    private void Roll(long firstSequence)
    {
        // The finished segment must be whole on disk before a later one exists: recovery calls damage there corruption.
        RandomAccess.FlushToDisk(_segmentFile);
        var next = SegmentFile.Create(_directory, firstSequence);
        _segmentFile.Dispose();
        _segmentFile = next;
        _segmentLength = SegmentHeader.Size;
        _segments.Add(new Segment(firstSequence, SegmentDirectory.PathFor(_directory, firstSequence)));
    }

    private static void CreateDirectoryDurably(string directory)
    {
        if (System.IO.Directory.Exists(directory)) return;
        PrivateFiles.CreateDirectory(directory);
        if (Path.GetDirectoryName(directory) is { } parent) DirectorySync.Flush(parent);
    }

    private static SafeFileHandle LockDirectory(string directory)
    {
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix), so a second writer fails here instead of interleaving.
            var lockFile = File.OpenHandle(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            PrivateFiles.Restrict(lockFile);
            return lockFile;
        }
        catch (IOException e)
        {
            throw new IOException($"Cannot lock the command log in '{directory}': is it open elsewhere?", e);
        }
    }
}
