namespace Bourse.Journal;

/// <summary>
/// The log is damaged somewhere a torn write cannot explain, so acknowledged records may be lost or altered.
/// The log refuses to open rather than silently drop them; an operator has to look at <see cref="FilePath"/>.
/// </summary>
public sealed class CorruptLogException : Exception
{
    public CorruptLogException()
        : this("The command log is corrupt.")
    {
    }

    public CorruptLogException(string message)
        : base(message)
    {
        Reason = message;
    }

    public CorruptLogException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public CorruptLogException(string filePath, long offset, string reason)
        : base($"The command log is corrupt: {reason} in '{filePath}' at offset {offset}.")
    {
        FilePath = filePath;
        Offset = offset;
        Reason = reason;
    }

    public string? FilePath { get; }

    public long Offset { get; }

    public string Reason { get; }
}
