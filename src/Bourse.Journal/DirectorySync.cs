using System.Runtime.InteropServices;

namespace Bourse.Journal;

/// <summary>
/// Makes a directory's entries durable, so a created or renamed file survives a crash. .NET cannot open a
/// directory as a file, so this goes to libc; Windows needs no such step (NTFS journals its metadata).
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows()) return;

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0) throw Failure("open", directory);
        try
        {
            if (FSync(descriptor) != 0) throw Failure("fsync", directory);
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static IOException Failure(string call, string directory) =>
        new($"{call} of directory '{directory}' failed: {Marshal.GetLastPInvokeErrorMessage()}");

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
