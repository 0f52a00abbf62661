namespace Bourse.Identity.Operators;

/// <summary>
/// One admin action as the audit log keeps it: who (operator and the roles they held), what (an action name such as
/// <c>market.halt</c>), on what (target type and id), the state before and after (short JSON or text), why, from where
/// and when (Unix ms).
/// </summary>
public sealed record OperatorAction(
    long OperatorId,
    string Roles,
    string Action,
    string TargetType,
    string? TargetId,
    string? Before,
    string? After,
    string? Reason,
    string? Ip,
    long Time);

/// <summary>
/// The operator audit log: append-only and tamper-evident (each entry carries the hash of the one before). Nobody
/// edits or deletes an entry; <c>bourse audit verify</c> walks the chain.
/// </summary>
public interface IOperatorAuditLog
{
    Task AddAsync(OperatorAction action, CancellationToken cancellationToken);
}
