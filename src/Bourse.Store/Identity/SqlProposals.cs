using System.Data.Common;
using Bourse.Identity.Operators;

namespace Bourse.Store.Identity;

/// <summary>
/// The maker–checker's proposals. Each change of status is one conditional UPDATE … RETURNING: the row changes only
/// from the status the rule allows, so of two operators deciding at once exactly one gets the row back.
/// </summary>
public sealed class SqlProposals(IdentityDatabase database) : IProposalStore
{
    private const string Columns = """
        id, kind, reference, payload, summary, proposed_by, proposed_at, expires_at, status, decided_by, decided_at, decision_reason, failure
        """;

    public Task<Proposal?> AddAsync(NewProposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return database.QueryFirstAsync($"""
            INSERT INTO proposals (kind, reference, payload, summary, proposed_by, proposed_at, expires_at, status)
            VALUES (@kind, @reference, @payload, @summary, @proposed_by, @proposed_at, @expires_at, '{ProposalStatus.Pending}')
            ON CONFLICT (kind, reference) DO NOTHING
            RETURNING {Columns}
            """, Map, cancellationToken, ("@kind", proposal.Kind), ("@reference", proposal.Reference), ("@payload", proposal.Payload),
            ("@summary", proposal.Summary), ("@proposed_by", proposal.ProposedBy), ("@proposed_at", proposal.ProposedAt),
            ("@expires_at", proposal.ExpiresAt));
    }

    public Task<Proposal?> FindAsync(long id, CancellationToken cancellationToken) =>
        database.QueryFirstAsync($"SELECT {Columns} FROM proposals WHERE id = @id", Map, cancellationToken, ("@id", id));

    public Task<Proposal?> FindByReferenceAsync(string kind, string reference, CancellationToken cancellationToken) =>
        database.QueryFirstAsync($"SELECT {Columns} FROM proposals WHERE kind = @kind AND reference = @reference", Map, cancellationToken,
            ("@kind", kind), ("@reference", reference));

    public async Task<IReadOnlyList<Proposal>> ListAsync(string kind, string? status, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        // The status condition is added only when given: an untyped NULL parameter is ambiguous to PostgreSQL.
        var parameters = new List<(string, object?)> { ("@kind", kind), ("@before", beforeId ?? long.MaxValue), ("@limit", limit) };
        if (status is not null)
        {
            parameters.Add(("@status", status));
        }

        return await database.QueryAsync($"""
            SELECT {Columns} FROM proposals
            WHERE kind = @kind AND id < @before {(status is null ? "" : "AND status = @status")}
            ORDER BY id DESC LIMIT @limit
            """, Map, cancellationToken, [.. parameters]).ConfigureAwait(false);
    }

    public async Task<int> CountPendingAsync(long now, CancellationToken cancellationToken) =>
        (int)await database.QueryFirstAsync($"SELECT COUNT(*) FROM proposals WHERE status = '{ProposalStatus.Pending}' AND expires_at > @now",
            r => r.Long(0), cancellationToken, ("@now", now)).ConfigureAwait(false);

    public Task<int> ExpireAsync(long now, CancellationToken cancellationToken) =>
        database.ExecuteAsync($"""
            UPDATE proposals SET status = '{ProposalStatus.Expired}'
            WHERE status = '{ProposalStatus.Pending}' AND expires_at <= @now
            """, cancellationToken, ("@now", now));

    public Task<Proposal?> DecideAsync(long id, long deciderId, string status, string? reason, long now, CancellationToken cancellationToken)
    {
        if (status is not (ProposalStatus.Approved or ProposalStatus.Rejected))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A decision approves or rejects.");
        }

        var parameters = new List<(string, object?)> { ("@id", id), ("@decider", deciderId), ("@status", status), ("@now", now) };
        if (reason is not null)
        {
            parameters.Add(("@reason", reason));
        }

        return database.QueryFirstAsync($"""
            UPDATE proposals SET status = @status, decided_by = @decider, decided_at = @now, decision_reason = {(reason is null ? "NULL" : "@reason")}
            WHERE id = @id AND status = '{ProposalStatus.Pending}' AND expires_at > @now AND proposed_by <> @decider
            RETURNING {Columns}
            """, Map, cancellationToken, [.. parameters]);
    }

    public Task<Proposal?> CompleteAsync(long id, string status, string? failure, CancellationToken cancellationToken)
    {
        if (status is not (ProposalStatus.Executed or ProposalStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An approved proposal ends executed or failed.");
        }

        var parameters = new List<(string, object?)> { ("@id", id), ("@status", status) };
        if (failure is not null)
        {
            parameters.Add(("@failure", failure));
        }

        return database.QueryFirstAsync($"""
            UPDATE proposals SET status = @status, failure = {(failure is null ? "NULL" : "@failure")}
            WHERE id = @id AND status = '{ProposalStatus.Approved}'
            RETURNING {Columns}
            """, Map, cancellationToken, [.. parameters]);
    }

    public async Task<IReadOnlyList<Proposal>> ListApprovedAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM proposals WHERE status = '{ProposalStatus.Approved}' ORDER BY id",
            Map, cancellationToken).ConfigureAwait(false);

    private static Proposal Map(DbDataReader r) =>
        new(r.Long(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Long(5), r.Long(6), r.Long(7), r.GetString(8),
            r.NullableLong(9), r.NullableLong(10), r.NullableString(11), r.NullableString(12));
}
