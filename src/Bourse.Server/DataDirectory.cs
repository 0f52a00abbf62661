using Microsoft.Win32.SafeHandles;

namespace Bourse.Server;

/// <summary>
/// The data directory holds the command log, snapshots, databases and keys (in demo mode also plaintext passwords and
/// API secrets), so it is private: created readable by its owner only (0700, the files in it 0600), refused when group
/// or others can reach it, and held by one server at a time through <see cref="LockFileName"/>, taken before anything
/// starts. Here rather than in a capability folder because the server and the <c>apikey</c> command line both open it.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    public const string LockFileName = "bourse.lock";

    /// <summary>rwx------: what the directory and the directories in it are created with.</summary>
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw-------: what the files in it are created with.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly SafeFileHandle _lock;

    private DataDirectory(string path, SafeFileHandle lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Prepares the directory (<see cref="Prepare"/>) and takes its lock for this process, or refuses with
    /// <see cref="ExitCodes.DataDirectoryInUse"/> when another process holds it.
    /// </summary>
    public static DataDirectory Open(string path)
    {
        var directory = Prepare(path);
        var lockPath = System.IO.Path.Combine(directory, LockFileName);
        SafeFileHandle handle;
        try
        {
            // FileShare.None takes an exclusive flock, which the OS releases when the process ends, however it ends.
            handle = File.OpenHandle(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StartRefusedException(ExitCodes.DataDirectoryInUse,
                $"the data directory {directory} is in use by another bourse process (it holds {LockFileName}): stop that one, or give this one another --data-dir.", e);
        }

        Restrict(handle);
        return new DataDirectory(directory, handle);
    }

    /// <summary>
    /// Creates the directory owner-only when it is missing and returns its full path; refuses one that group or others
    /// can reach with <see cref="ExitCodes.DataDirectoryExposed"/>.
    /// </summary>
    public static string Prepare(string path)
    {
        var directory = System.IO.Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return directory;
        }

        Directory.CreateDirectory(directory, PrivateDirectoryMode);
        var mode = File.GetUnixFileMode(directory);
        if ((mode & GroupOrOthers) != 0)
        {
            throw new StartRefusedException(ExitCodes.DataDirectoryExposed,
                $"the data directory {directory} is open to other users (mode {Octal(mode)}), and it holds keys and account data: "
                + $"run `chmod -R go-rwx {directory}` (or start with an empty --data-dir, which bourse creates owner-only).");
        }

        return directory;
    }

    /// <summary>Creates a directory only its owner can enter (a no-op when it exists).</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateDirectoryMode);
        }
    }

    /// <summary>Writes <paramref name="contents"/> to a file only its owner can read, from the moment it exists.</summary>
    public static async Task WritePrivateTextAsync(string path, string contents, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, PrivateWrite());
        await using (stream.ConfigureAwait(false))
        {
            var writer = new StreamWriter(stream);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(contents.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes <paramref name="contents"/> to a file only its owner can read, from the moment it exists.</summary>
    public static void WritePrivateText(string path, string contents)
    {
        using var stream = new FileStream(path, PrivateWrite());
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }

    /// <summary>Makes a file its owner's only (for files created by code that takes no mode).</summary>
    public static void RestrictFile(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, PrivateFileMode);
        }
    }

    /// <summary>Releases the lock; the next server may take the directory.</summary>
    public void Dispose() => _lock.Dispose();

    private static FileStreamOptions PrivateWrite()
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFileMode;
        }

        return options;
    }

    private static void Restrict(SafeFileHandle file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, PrivateFileMode);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
