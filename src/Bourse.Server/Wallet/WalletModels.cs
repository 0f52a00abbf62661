using System.Text.Json.Serialization;

namespace Bourse.Server.Wallet;

// Request and response bodies of the /api/v1 transfer and wallet-history endpoints. Amounts are decimal strings
// padded to the asset's scale, as everywhere in /api/v1.

/// <summary>
/// POST /api/v1/transfers. The recipient is named by exactly one of <c>toEmail</c> and <c>toUserId</c>;
/// <c>clientReference</c> is the idempotency key (a retry with the same one answers the first transfer); <c>code</c>
/// is a TOTP or recovery code, needed when the sender has 2FA on. Unknown fields are refused.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TransferRequest(string? ToEmail, long? ToUserId, string? Asset, string? Amount, string? ClientReference, string? Code);

/// <summary>The other party of a transfer: their user id and their email with the local part masked (a***@example.com).</summary>
public sealed record TransferCounterparty(long UserId, string? Email);

/// <summary>A transfer as one of its parties sees it.</summary>
public sealed record PlatformTransfer
{
    /// <summary>The transfer's id (the engine sequence that moved the funds).</summary>
    public required long Id { get; init; }

    /// <summary>"out" (the caller sent it) or "in" (the caller received it).</summary>
    public required string Direction { get; init; }

    public required string Asset { get; init; }

    public required string Amount { get; init; }

    public required TransferCounterparty Counterparty { get; init; }

    /// <summary>The sender's clientReference; shown to the sender only.</summary>
    public string? ClientReference { get; init; }

    /// <summary>Always "completed": a transfer moves the funds in one engine command or not at all.</summary>
    public required string Status { get; init; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public required long CreatedAt { get; init; }
}

/// <summary>One page of transfers, newest first; <c>nextCursor</c> is absent on the last page.</summary>
public sealed record TransferPage(IReadOnlyList<PlatformTransfer> Transfers, string? NextCursor);

/// <summary>
/// One money movement outside trading. <c>toAsset</c>/<c>toAmount</c>/<c>fee</c> (fee in the to asset) are set for
/// converts; <c>counterparty</c> for transfers; <c>period</c> for staking rewards; <c>releaseAt</c> for unstakes.
/// </summary>
public sealed record PlatformActivity
{
    /// <summary>The engine sequence of the command that made it (a transfer's id for transfers).</summary>
    public required long Id { get; init; }

    /// <summary>deposit, withdrawal, transfer_out, transfer_in, convert, stake, unstake, staking_reward, unstake_released.</summary>
    public required string Kind { get; init; }

    public required string Asset { get; init; }

    public required string Amount { get; init; }

    public string? ToAsset { get; init; }

    public string? ToAmount { get; init; }

    public string? Fee { get; init; }

    public TransferCounterparty? Counterparty { get; init; }

    public string? Reference { get; init; }

    /// <summary>The id the activity's own endpoints know it by (a withdrawal id, a transfer id), when it has one.</summary>
    public long? ReferenceId { get; init; }

    public long? Period { get; init; }

    public long? ReleaseAt { get; init; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public required long Time { get; init; }
}

/// <summary>One page of wallet history, newest first; <c>nextCursor</c> is absent on the last page.</summary>
public sealed record ActivityPage(IReadOnlyList<PlatformActivity> Activities, string? NextCursor);
