namespace Bourse.Identity.Operators;

/// <summary>One stored entry of the operator audit log: the action, and the chain it is linked into.</summary>
public sealed record OperatorAuditEntry(long Id, OperatorAction Action, string PreviousHash, string Hash);

/// <summary>A search of the operator audit log, newest first; every filter optional.</summary>
public sealed record OperatorAuditQuery(long? OperatorId, string? Action, string? TargetType, string? TargetId, long? BeforeId, int Limit);

/// <summary>What walking the chain found: intact, or the first entry whose link or content does not hold.</summary>
public sealed record OperatorAuditVerification(bool Intact, long Entries, long? FirstBrokenId, string Detail);

/// <summary>Reading the operator audit log: search, and verification of the whole hash chain.</summary>
public interface IOperatorAuditTrail
{
    Task<IReadOnlyList<OperatorAuditEntry>> SearchAsync(OperatorAuditQuery query, CancellationToken cancellationToken);

    /// <summary>Walks every entry in id order (<see cref="OperatorAuditChain.Verify"/>).</summary>
    Task<OperatorAuditVerification> VerifyAsync(CancellationToken cancellationToken);
}
