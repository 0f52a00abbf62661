namespace Bourse.Identity.Operators;

/// <summary>
/// The proposals table. Every change of status is one conditional UPDATE, so two operators deciding at once produce
/// one decision, and an action's result is recorded once. Times are Unix ms, judged by the caller's clock.
/// </summary>
public interface IProposalStore
{
    /// <summary>Stores a new pending proposal; null when its kind already has a proposal with that reference.</summary>
    Task<Proposal?> AddAsync(NewProposal proposal, CancellationToken cancellationToken);

    Task<Proposal?> FindAsync(long id, CancellationToken cancellationToken);

    Task<Proposal?> FindByReferenceAsync(string kind, string reference, CancellationToken cancellationToken);

    /// <summary>Proposals of a kind, newest first, optionally of one status, with ids below <paramref name="beforeId"/>.</summary>
    Task<IReadOnlyList<Proposal>> ListAsync(string kind, string? status, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>Pending proposals of every kind whose expiry is after <paramref name="now"/>.</summary>
    Task<int> CountPendingAsync(long now, CancellationToken cancellationToken);

    /// <summary>Marks every pending proposal whose expiry is at or before <paramref name="now"/> expired; returns how many.</summary>
    Task<int> ExpireAsync(long now, CancellationToken cancellationToken);

    /// <summary>
    /// Decides a proposal: to <paramref name="status"/> (approved or rejected) only if it is still pending, unexpired at
    /// <paramref name="now"/> and not proposed by <paramref name="deciderId"/>. Returns the decided proposal, or null
    /// when the condition did not hold (read it again to say why).
    /// </summary>
    Task<Proposal?> DecideAsync(long id, long deciderId, string status, string? reason, long now, CancellationToken cancellationToken);

    /// <summary>Records an approved proposal's result (executed, or failed with why); null unless it was still approved.</summary>
    Task<Proposal?> CompleteAsync(long id, string status, string? failure, CancellationToken cancellationToken);

    /// <summary>Approved proposals whose action has no recorded result yet, oldest first: the ones to re-drive.</summary>
    Task<IReadOnlyList<Proposal>> ListApprovedAsync(CancellationToken cancellationToken);
}
