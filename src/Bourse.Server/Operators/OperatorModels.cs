using System.Text.Json.Serialization;

namespace Bourse.Server.Operators;

// Request and response bodies of the operators and operator-audit endpoints (docs/api.md, "Operators and audit").

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateOperatorRequest(string? Email, string?[]? Roles);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OperatorRolesRequest(string?[]? Roles);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OperatorSetupRequest(string? Token, string? Password);

public sealed record OperatorMeResponse(long UserId, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions);

public sealed record OperatorResponse(long UserId, string Email, IReadOnlyList<string> Roles, bool Disabled, long CreatedAt);

public sealed record CreatedOperatorResponse(long UserId, string Email, IReadOnlyList<string> Roles, string SetupLink);

public sealed record OperatorAuditEntryResponse(
    long Id, long OperatorId, IReadOnlyList<string> Roles, string Action, string TargetType, string? TargetId, string? Before, string? After,
    string? Reason, string? Ip, long Time, string Hash);

/// <summary>A page of the operator audit log; <c>next</c> is the <c>before</c> of the following page (null on the last).</summary>
public sealed record OperatorAuditPageResponse(IReadOnlyList<OperatorAuditEntryResponse> Entries, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Next);

public sealed record OperatorAuditVerifyResponse(bool Intact, long Entries, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? FirstBrokenId, string Detail);
