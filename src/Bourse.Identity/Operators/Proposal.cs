namespace Bourse.Identity.Operators;

/// <summary>
/// A dangerous operator action waiting for a second operator (maker–checker). <see cref="Kind"/> names what it does
/// (e.g. <c>balance_adjustment</c>) and <see cref="Payload"/> holds its parameters as JSON; <see cref="Reference"/> is
/// its idempotency key, unique per kind (an adjustment's reference is the core's once-only reference). Times are Unix ms.
/// </summary>
public sealed record Proposal(
    long Id,
    string Kind,
    string Reference,
    string Payload,
    string Summary,
    long ProposedBy,
    long ProposedAt,
    long ExpiresAt,
    string Status,
    long? DecidedBy,
    long? DecidedAt,
    string? DecisionReason,
    string? Failure);

/// <summary>A proposal before the store gives it an id; it starts <see cref="ProposalStatus.Pending"/>.</summary>
public sealed record NewProposal(string Kind, string Reference, string Payload, string Summary, long ProposedBy, long ProposedAt, long ExpiresAt);

/// <summary>
/// Where a proposal is in its life, as stored (these strings never change). Pending → approved → executed or failed;
/// pending → rejected; pending → expired once the clock passes its expiry. Approved is the short step between the
/// decision and the action's result — it lasts only if the process stopped in between, until the action is re-driven.
/// </summary>
public static class ProposalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Executed = "executed";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
    public const string Expired = "expired";

    public static IReadOnlyList<string> All { get; } = [Pending, Approved, Executed, Failed, Rejected, Expired];
}
