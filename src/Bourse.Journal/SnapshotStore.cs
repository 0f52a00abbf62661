using System.Globalization;

namespace Bourse.Journal;

/// <summary>
/// Snapshots of engine state, one file per snapshot named after the last sequence it includes. A save is atomic: the
/// content goes to a temporary file that is fsynced, then renamed into place, then the directory is fsynced.
/// </summary>
public sealed class SnapshotStore
{
    private const string Extension = ".snap";
    private const string TemporarySuffix = ".tmp";
    private const int DigitCount = 20;

    public SnapshotStore(string directory, int keep = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Directory = Path.GetFullPath(directory);
        Keep = keep;
        if (!System.IO.Directory.Exists(Directory))
        {
            PrivateFiles.CreateDirectory(Directory);
            if (Path.GetDirectoryName(Directory) is { } parent) DirectorySync.Flush(parent);
        }
    }

    public string Directory { get; }

    /// <summary>How many of the newest snapshots a save leaves in place.</summary>
    public int Keep { get; }

    /// <summary>Snapshots the last <see cref="TryLoadLatest"/> passed over because they did not verify, newest first.</summary>
    public IReadOnlyList<SkippedSnapshot> Skipped { get; private set; } = [];

    /// <summary>Durably stores <paramref name="state"/> as of <paramref name="sequence"/>, then prunes all but the newest <see cref="Keep"/>.</summary>
    public void Save(long sequence, ReadOnlySpan<byte> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var path = PathFor(sequence);
        var temporaryPath = path + TemporarySuffix;

        Span<byte> header = stackalloc byte[SnapshotFormat.HeaderSize];
        SnapshotFormat.WriteHeader(header, sequence, state);
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                PrivateFiles.Restrict(stream.SafeFileHandle);
                stream.Write(header);
                stream.Write(state);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, path, overwrite: true);
        }
        catch (IOException)
        {
            // A full disk must not keep a half-written snapshot taking the space the command log needs.
            DeleteIfPossible(temporaryPath);
            throw;
        }

        DirectorySync.Flush(Directory);
        Prune();
    }

    private static void DeleteIfPossible(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The save's own error is the one to report; a read-only disk keeps the file until the next save replaces it.
        }
    }

    /// <summary>
    /// Loads the newest snapshot whose checksum verifies. Ones that do not are passed over and listed in
    /// <see cref="Skipped"/>; leftover temporary files of interrupted saves are never considered.
    /// </summary>
    public bool TryLoadLatest(out long sequence, out byte[] state)
    {
        var skipped = new List<SkippedSnapshot>();
        Skipped = skipped;
        var snapshots = List();
        for (var i = snapshots.Count - 1; i >= 0; i--)
        {
            var (candidateSequence, path) = snapshots[i];
            var problem = TryRead(path, candidateSequence, out var candidateState);
            if (problem is null)
            {
                sequence = candidateSequence;
                state = candidateState;
                return true;
            }

            skipped.Add(new SkippedSnapshot(path, candidateSequence, problem));
        }

        sequence = 0;
        state = [];
        return false;
    }

    private static string? TryRead(string path, long sequence, out byte[] state)
    {
        state = [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var fileLength = stream.Length;
        if (fileLength < SnapshotFormat.HeaderSize) return $"file is {fileLength} bytes, shorter than the header";

        Span<byte> header = stackalloc byte[SnapshotFormat.HeaderSize];
        stream.ReadExactly(header);
        var problem = SnapshotFormat.HeaderProblem(header, sequence, fileLength);
        if (problem is not null) return problem;

        var stateLength = SnapshotFormat.StateLength(header);
        if (stateLength > Array.MaxLength) return $"state of {stateLength} bytes is too large";
        var content = GC.AllocateUninitializedArray<byte>((int)stateLength);
        stream.ReadExactly(content);
        if (!SnapshotFormat.ChecksumMatches(header, content)) return "checksum mismatch";

        state = content;
        return null;
    }

    private void Prune()
    {
        var snapshots = List();
        for (var i = 0; i < snapshots.Count - Keep; i++) File.Delete(snapshots[i].Path);

        // Only an interrupted save leaves a temporary file behind, and saves come from one thread.
        foreach (var temporary in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension + TemporarySuffix))
            File.Delete(temporary);
    }

    private string PathFor(long sequence) =>
        Path.Combine(Directory, sequence.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    /// <summary>Snapshot files, oldest first.</summary>
    private List<(long Sequence, string Path)> List()
    {
        var snapshots = new List<(long Sequence, string Path)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(path.AsSpan());
            if (name.Length == DigitCount && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                snapshots.Add((sequence, path));
        }

        snapshots.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return snapshots;
    }
}
