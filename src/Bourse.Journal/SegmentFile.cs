using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>Opening and starting segment files for appending.</summary>
internal static class SegmentFile
{
    /// <summary>Creates a segment holding only its header, durable together with its directory entry.</summary>
    public static SafeFileHandle Create(string directory, long firstSequence)
    {
        var file = File.OpenHandle(SegmentDirectory.PathFor(directory, firstSequence), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            PrivateFiles.Restrict(file);
            WriteHeader(file, firstSequence);
            DirectorySync.Flush(directory);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static SafeFileHandle OpenForAppend(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);

    public static SafeFileHandle OpenForRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);

    /// <summary>Replaces the whole content of <paramref name="file"/> with a fresh header (current format) and makes it durable.</summary>
    public static void WriteHeader(SafeFileHandle file, long firstSequence)
    {
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        SegmentHeader.Write(header, firstSequence);
        RandomAccess.SetLength(file, 0);
        RandomAccess.Write(file, header, 0);
        RandomAccess.FlushToDisk(file);
    }

    /// <summary>
    /// Reads the header and returns null when it is valid for <paramref name="firstSequence"/>, else why not;
    /// <paramref name="version"/> is the segment's format version.
    /// </summary>
    public static string? HeaderProblem(SafeFileHandle file, long fileLength, long firstSequence, out uint version)
    {
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        var length = (int)Math.Min(fileLength, SegmentHeader.Size);
        FileReads.ReadExactly(file, header[..length], 0);
        return SegmentHeader.Problem(header[..length], firstSequence, out version);
    }
}
