using System.Text.Json.Serialization;

namespace Bourse.Server.Treasury;

/// <summary>
/// POST /api/v1/admin/adjustments: credit (positive <c>amount</c>) or debit (negative) a user's available balance of
/// <c>asset</c>, once approved by another operator. <c>reference</c> names it (a ticket id, say) and may be used once
/// ever. Unknown fields are refused.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AdjustmentRequest(long? UserId, string? Asset, string? Amount, string? Reason, string? Reference);

/// <summary>POST /api/v1/admin/adjustments/{id}/reject: why. Unknown fields are refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AdjustmentRejection(string? Reason);

/// <summary>
/// A balance adjustment proposal. <c>status</c>: pending (waiting for a second operator), approved (decided, the
/// exchange's confirmation outstanding — only until the approval is retried or the server restarts), executed,
/// failed (the exchange refused it; <c>failure</c> says why), rejected, expired. Times are Unix ms.
/// </summary>
public sealed record AdjustmentProposal
{
    public required long Id { get; init; }

    public required long UserId { get; init; }

    public required string Asset { get; init; }

    /// <summary>Signed: positive credits, negative debits.</summary>
    public required string Amount { get; init; }

    public required string Reason { get; init; }

    public required string Reference { get; init; }

    public required string Status { get; init; }

    public required long ProposedBy { get; init; }

    public required long ProposedAt { get; init; }

    public required long ExpiresAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? DecidedBy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? DecidedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? DecisionReason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Failure { get; init; }
}

/// <summary>What an adjustment proposal stores as its payload (the asset's scale too, so it reads the same if the asset changes).</summary>
public sealed record AdjustmentPayload(long UserId, int AssetId, string Asset, int Scale, long Units, string Reason);
