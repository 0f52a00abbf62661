using System.Runtime.InteropServices;

namespace Bourse.Engine;

/// <summary>A long alone on its cache lines, so producers and the consumer of a ring do not slow each other down.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}
