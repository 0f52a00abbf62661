using Microsoft.Win32.SafeHandles;

namespace Bourse.Journal;

internal static class FileReads
{
    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; the file must hold that many bytes.</summary>
    public static void ReadExactly(SafeFileHandle file, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(file, destination, offset);
            if (read == 0) throw new EndOfStreamException($"File ended while reading {destination.Length} bytes at offset {offset}.");
            destination = destination[read..];
            offset += read;
        }
    }

    /// <summary>True when every byte from <paramref name="offset"/> to <paramref name="length"/> is zero, as in a preallocated or never-written region.</summary>
    public static bool IsAllZero(SafeFileHandle file, long offset, long length)
    {
        var chunk = GC.AllocateUninitializedArray<byte>((int)Math.Min(1 << 20, Math.Max(1, length - offset)));
        while (offset < length)
        {
            var span = chunk.AsSpan(0, (int)Math.Min(chunk.Length, length - offset));
            ReadExactly(file, span, offset);
            if (span.ContainsAnyExcept((byte)0)) return false;
            offset += span.Length;
        }

        return true;
    }
}
