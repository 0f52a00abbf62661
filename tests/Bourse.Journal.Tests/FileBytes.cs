namespace Bourse.Journal.Tests;

/// <summary>Damage done to files behind the log's back, as crashes and bad disks do.</summary>
internal static class FileBytes
{
    public static void Flip(string path, long offset, byte mask = 0x5A)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ mask));
    }

    public static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    public static void Append(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }

    public static long Length(string path) => new FileInfo(path).Length;
}
