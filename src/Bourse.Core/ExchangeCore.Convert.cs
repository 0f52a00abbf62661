using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Core;

// Convert: a swap of one asset for another against the live books, all or nothing, no worse than its quote.
public sealed partial class ExchangeCore
{
    private void ConvertAssets(in Command command) => Reject(in command, RejectReason.UnknownCommand);

    private void WriteConvertState(BinaryWriter w) => w.Write(0);

    private void ReadConvertState(BinaryReader r)
    {
        if (r.ReadInt32() != 0)
        {
            throw new InvalidDataException("Unexpected convert state.");
        }
    }
}
