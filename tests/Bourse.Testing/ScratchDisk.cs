using System.Diagnostics;

namespace Bourse.Testing;

/// <summary>
/// A small file system the test mounts (as root, which CI is) so that disk faults are real: <see cref="Fill"/> takes
/// every free byte, so the next write fails with ENOSPC; on ext4, <see cref="Freeze"/> makes files unwritable even
/// through descriptors already open (EPERM), as a disk gone read-only is. (Linux refuses a read-only remount while
/// files are open for writing — EBUSY — so the immutable flag stands in for it; tmpfs ignores that flag on open
/// descriptors, hence ext4 on a loop device there.) Unmounted and removed on dispose; mode 0700, as a data directory
/// must be.
/// </summary>
public sealed class ScratchDisk : IDisposable
{
    private const string Filler = ".filler";
    private readonly string? _image;

    /// <param name="ext4">ext4 in an image file on a loop device (needed by <see cref="Freeze"/>); else tmpfs.</param>
    public ScratchDisk(int megabytes = 64, bool ext4 = false)
    {
        Path = Directory.CreateTempSubdirectory("bourse-disk-").FullName;
        if (ext4)
        {
            _image = Path + ".img";
            using (var image = File.Create(_image))
            {
                image.SetLength(megabytes * 1024L * 1024);
            }

            // No blocks reserved for root: the tests run as root and must see the disk full.
            Run("mkfs.ext4", "-q", "-F", "-m", "0", _image);
            Run("mount", "-o", "loop", _image, Path);
            Run("chmod", "0700", Path);
        }
        else
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", Path);
        }
    }

    public string Path { get; }

    /// <summary>A path inside the mount (not created).</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a filler file until the disk is full: no new block can be allocated after this.</summary>
    public void Fill()
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, Filler), FileMode.Append, FileAccess.Write, FileShare.None, 0);
        foreach (var size in (int[])[1024 * 1024, 64 * 1024, 512])
        {
            var block = new byte[size];
            try
            {
                while (true)
                {
                    filler.Write(block);
                }
            }
            catch (IOException)
            {
                // ENOSPC at this size: take what is left in smaller pieces.
            }
        }
    }

    /// <summary>Deletes the filler: the space is back.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, Filler));

    /// <summary>Makes the files and directories immutable (ext4 only): every write to them fails, open descriptors included.</summary>
    public static void Freeze(params string[] paths) => Run("chattr", ["+i", .. paths]);

    public static void Thaw(params string[] paths) => Run("chattr", ["-i", .. paths]);

    public void Dispose()
    {
        Run("umount", "--lazy", Path);
        Directory.Delete(Path);
        if (_image is not null)
        {
            File.Delete(_image);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result} (the disk-fault tests run as root)");
        }
    }
}
