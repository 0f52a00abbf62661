using System.Text.Json;
using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.Identity.Operators;
using Bourse.Server.Approvals;
using Bourse.Server.Engine;
using Bourse.Server.Http;
using Bourse.Trading;

namespace Bourse.Server.Treasury;

/// <summary>
/// Balance adjustments as a maker–checker kind: once approved, the core's <c>AdjustBalance</c> through the engine
/// gateway, under the proposal's reference. The core applies a reference once ever, so a second run — a retried
/// approval, a re-drive after a restart — comes back <see cref="RejectReason.DuplicateReference"/>, which means
/// "already applied". A debit beyond the available balance is refused by the core and the proposal fails.
/// </summary>
public sealed class BalanceAdjustments(EngineHost host) : IProposalKind
{
    public const string KindName = "adjustment";

    public string Name => KindName;

    public static AdjustmentPayload PayloadOf(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return JsonSerializer.Deserialize<AdjustmentPayload>(proposal.Payload, PlatformJson.Options)
            ?? throw new InvalidOperationException($"Proposal {proposal.Id} has no adjustment payload.");
    }

    public async Task<ProposalExecution> ExecuteAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        var payload = PayloadOf(proposal);
        var outcome = await host.Gateway.SubmitAsync(Command.AdjustBalance(payload.UserId, payload.AssetId, payload.Units, proposal.Reference))
            .ConfigureAwait(false);
        return outcome.Status switch
        {
            SubmitStatus.Accepted => ProposalExecution.Done,
            SubmitStatus.Rejected when outcome.Reason == RejectReason.DuplicateReference => ProposalExecution.Done,
            SubmitStatus.Rejected => ProposalExecution.Refused(FailureOf(outcome.Reason, payload)),
            SubmitStatus.Refused => ProposalExecution.Refused("refused: the exchange cannot log this command."),
            // Overloaded or stopped (nothing logged), or faulted (maybe logged): the proposal stays approved and is re-driven.
            _ => ProposalExecution.NotKnown,
        };
    }

    private static string FailureOf(RejectReason reason, AdjustmentPayload payload) => reason switch
    {
        RejectReason.InsufficientBalance =>
            $"insufficient_balance: the user's available {payload.Asset} is less than the debit of {DecimalUnits.Format(-payload.Units, payload.Scale)}.",
        RejectReason.UnknownAsset => $"unknown_asset: {payload.Asset} is no longer listed.",
        RejectReason.Overflow => "overflow: the balance or the supply would exceed what the exchange can hold.",
        _ => $"refused: {reason}.",
    };
}
