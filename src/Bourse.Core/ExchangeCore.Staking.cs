using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Core;

// Staking: operator-configured products, user stakes and unstakes, and rewards paid per period from the rewards account.
public sealed partial class ExchangeCore
{
    private void SetStakingProduct(in Command command) => Reject(in command, RejectReason.UnknownCommand);

    private void Stake(in Command command) => Reject(in command, RejectReason.UnknownCommand);

    private void Unstake(in Command command) => Reject(in command, RejectReason.UnknownCommand);

    private void PayStakingRewards(in Command command) => Reject(in command, RejectReason.UnknownCommand);

    private void ReleaseUnstaked(in Command command) => Reject(in command, RejectReason.UnknownCommand);

    private void WriteStakingState(BinaryWriter w) => w.Write(0);

    private void ReadStakingState(BinaryReader r)
    {
        if (r.ReadInt32() != 0)
        {
            throw new InvalidDataException("Unexpected staking state.");
        }
    }
}
