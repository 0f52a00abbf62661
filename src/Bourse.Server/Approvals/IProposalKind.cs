using Bourse.Identity.Operators;

namespace Bourse.Server.Approvals;

/// <summary>
/// One kind of action the maker–checker guards (a balance adjustment; later a withdrawal approval). The kind checks
/// its own request before it becomes a proposal and carries it out once approved; the rules about who may decide
/// what, and when, are <see cref="ProposalDesk"/>'s, the same for every kind.
/// </summary>
public interface IProposalKind
{
    /// <summary>The stored kind name, also the prefix of its audit actions (e.g. <c>adjustment</c> → <c>adjustment.approve</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Carries out an approved proposal. It may run again for the same proposal (a retry, or a re-drive after the
    /// process stopped before the result was recorded), so it must be idempotent by the proposal's reference.
    /// </summary>
    Task<ProposalExecution> ExecuteAsync(Proposal proposal, CancellationToken cancellationToken);
}

/// <summary>What carrying out an approved proposal came to.</summary>
public enum ProposalExecutionStatus
{
    /// <summary>Done (now or earlier: idempotent).</summary>
    Executed,

    /// <summary>Refused for good (e.g. a debit beyond the available balance); <see cref="ProposalExecution.Failure"/> says why.</summary>
    Failed,

    /// <summary>Not known (the engine was busy or stopped): the proposal stays approved, to be re-driven.</summary>
    Unknown,
}

public sealed record ProposalExecution(ProposalExecutionStatus Status, string? Failure = null)
{
    public static ProposalExecution Done { get; } = new(ProposalExecutionStatus.Executed);

    public static ProposalExecution NotKnown { get; } = new(ProposalExecutionStatus.Unknown);

    public static ProposalExecution Refused(string failure) => new(ProposalExecutionStatus.Failed, failure);
}
