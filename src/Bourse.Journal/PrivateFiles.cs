using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

/// <summary>The log and the snapshots are the exchange's records: their directories are created 0700 and their files 0600.</summary>
internal static class PrivateFiles
{
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Makes an open file readable and writable by its owner only.</summary>
    public static void Restrict(SafeFileHandle file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
