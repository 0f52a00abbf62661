using Bourse.Identity.Operators;
using Bourse.Server.Http;

namespace Bourse.Server.Approvals;

/// <summary>Why the desk did not do what was asked (<see cref="None"/>: it did).</summary>
public enum ProposalRefusal
{
    None,
    NotFound,

    /// <summary>Nobody decides their own proposal.</summary>
    OwnProposal,

    /// <summary>Already decided (approved, rejected, executed, failed) by someone else.</summary>
    AlreadyDecided,

    Expired,

    /// <summary>The kind already has a proposal with that reference.</summary>
    ReferenceInUse,

    /// <summary>Approved, but the action's result is not known yet (the engine was busy): retry the approval.</summary>
    ExecutionPending,
}

/// <summary>The proposal as it now stands, and why the request was refused, if it was.</summary>
public sealed record ProposalResult(Proposal? Proposal, ProposalRefusal Refusal)
{
    public static ProposalResult Done(Proposal proposal) => new(proposal, ProposalRefusal.None);

    public static ProposalResult Refused(ProposalRefusal refusal, Proposal? proposal = null) => new(proposal, refusal);

    /// <summary>The refusal as the problem every kind's endpoints answer.</summary>
    public IResult Problem() => Refusal switch
    {
        ProposalRefusal.NotFound => ApiProblem.NotFound("proposal"),
        ProposalRefusal.OwnProposal => ApiProblem.Forbidden("own_proposal", "Nobody decides their own proposal: another operator must approve or reject it."),
        ProposalRefusal.AlreadyDecided => ApiProblem.Result(StatusCodes.Status409Conflict, "proposal_decided", "Conflict with the current state.",
            $"The proposal is already {Proposal?.Status ?? "decided"}."),
        ProposalRefusal.Expired => ApiProblem.Result(StatusCodes.Status409Conflict, "proposal_expired", "Conflict with the current state.",
            "The proposal expired before it was decided; propose it again."),
        ProposalRefusal.ReferenceInUse => ApiProblem.Result(StatusCodes.Status409Conflict, "reference_in_use", "Conflict with the current state.",
            "That reference is already used; every proposal needs its own."),
        ProposalRefusal.ExecutionPending => ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "execution_pending", "Try again shortly.",
            "The proposal is approved but the exchange has not confirmed the action yet; retry the approval (it is applied at most once)."),
        _ => throw new InvalidOperationException("Not a refusal."),
    };
}
