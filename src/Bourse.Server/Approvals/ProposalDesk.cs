using System.Collections.Concurrent;
using System.Text.Json;
using Bourse.Identity.Operators;
using Bourse.Server.Http;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Approvals;

/// <summary>
/// The maker–checker's rules, in one place for every <see cref="IProposalKind"/>: nobody decides their own proposal;
/// only a pending proposal whose expiry (<see cref="ApprovalOptions.ProposalLifetime"/>, judged by the host's clock) is
/// still ahead can be decided; a decision is one conditional UPDATE, so of two operators racing one decides and the
/// other is told it is decided; an approval carries the action out through its kind, one execution at a time per
/// proposal, and records the result once. The approver's retry of a proposal left approved (the engine was busy, or
/// the process stopped before the result was recorded) re-drives it, as <see cref="RedriveAsync"/> does at start; the
/// kind's idempotency by reference makes that safe. Every step lands in the operator audit log.
/// </summary>
public sealed partial class ProposalDesk(
    IProposalStore store, IEnumerable<IProposalKind> kinds, IOperatorAuditLog audit, TimeProvider time, IOptions<ApprovalOptions> options,
    ILogger<ProposalDesk> logger)
{
    private readonly Dictionary<string, IProposalKind> _kinds = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _executions = new();

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Stores a pending proposal of <paramref name="kind"/>; the kind has checked the request already.</summary>
    public async Task<ProposalResult> ProposeAsync(HttpContext context, string kind, string reference, string payload, string summary)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (operatorId, _) = PlatformUser.Of(context);
        var now = Now;
        var lifetime = (long)options.Value.ProposalLifetime.TotalMilliseconds;
        var stored = await store.AddAsync(new NewProposal(Kind(kind).Name, reference, payload, summary, operatorId, now, now + lifetime), CancellationToken.None)
            .ConfigureAwait(false);
        if (stored is null)
        {
            return ProposalResult.Refused(ProposalRefusal.ReferenceInUse);
        }

        await AuditAsync(context, stored, "propose", before: null, reason: null).ConfigureAwait(false);
        return ProposalResult.Done(stored);
    }

    /// <summary>Proposals of <paramref name="kind"/>, newest first (pending only, or all); expired ones are marked first.</summary>
    public async Task<IReadOnlyList<Proposal>> ListAsync(string kind, bool pendingOnly, int limit, CancellationToken cancellationToken)
    {
        await store.ExpireAsync(Now, cancellationToken).ConfigureAwait(false);
        return await store.ListAsync(kind, pendingOnly ? ProposalStatus.Pending : null, null, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pending, unexpired proposals of every kind.</summary>
    public Task<int> CountPendingAsync(CancellationToken cancellationToken) => store.CountPendingAsync(Now, cancellationToken);

    /// <summary>
    /// Approves a proposal of <paramref name="kind"/> and carries it out; the proposal comes back executed or failed.
    /// The operator who decided it may repeat the call: it gets the same answer, or — if the result was never recorded
    /// (the engine was busy) — re-drives it.
    /// </summary>
    public async Task<ProposalResult> ApproveAsync(HttpContext context, string kind, long id)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (operatorId, _) = PlatformUser.Of(context);
        var (current, refused) = await ReadForDecisionAsync(kind, id, operatorId).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        switch (current!.Status)
        {
            case ProposalStatus.Pending:
                var decided = await store.DecideAsync(id, operatorId, ProposalStatus.Approved, null, Now, CancellationToken.None).ConfigureAwait(false);
                if (decided is null)
                {
                    return await WhyNotDecidedAsync(kind, id, operatorId).ConfigureAwait(false);
                }

                await AuditAsync(context, decided, "approve", before: current, reason: null).ConfigureAwait(false);
                return await ExecuteAsync(decided, context).ConfigureAwait(false);
            case ProposalStatus.Approved when current.DecidedBy == operatorId:
                // The approver's retry of a decision whose result was never recorded: carry it out now (at most once, by its reference).
                return await ExecuteAsync(current, context).ConfigureAwait(false);
            case ProposalStatus.Executed or ProposalStatus.Failed when current.DecidedBy == operatorId:
                return ProposalResult.Done(current);
            default:
                return ProposalResult.Refused(ProposalRefusal.AlreadyDecided, current);
        }
    }

    /// <summary>Rejects a pending proposal of <paramref name="kind"/>, with why; the operator who rejected it may repeat the call.</summary>
    public async Task<ProposalResult> RejectAsync(HttpContext context, string kind, long id, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (operatorId, _) = PlatformUser.Of(context);
        var (current, refused) = await ReadForDecisionAsync(kind, id, operatorId).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (current!.Status == ProposalStatus.Rejected && current.DecidedBy == operatorId)
        {
            return ProposalResult.Done(current);
        }

        if (current.Status != ProposalStatus.Pending)
        {
            return ProposalResult.Refused(ProposalRefusal.AlreadyDecided, current);
        }

        var decided = await store.DecideAsync(id, operatorId, ProposalStatus.Rejected, reason, Now, CancellationToken.None).ConfigureAwait(false);
        if (decided is null)
        {
            return await WhyNotDecidedAsync(kind, id, operatorId).ConfigureAwait(false);
        }

        await AuditAsync(context, decided, "reject", before: current, reason: reason).ConfigureAwait(false);
        return ProposalResult.Done(decided);
    }

    /// <summary>
    /// Carries out every proposal left approved without a result — the process stopped between the decision and the
    /// engine's answer. Run at start, once the engine has recovered.
    /// </summary>
    public async Task RedriveAsync(CancellationToken cancellationToken)
    {
        foreach (var proposal in await store.ListApprovedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_kinds.ContainsKey(proposal.Kind))
            {
                LogUnknownKind(logger, proposal.Id, proposal.Kind);
                continue;
            }

            var result = await ExecuteAsync(proposal, context: null).ConfigureAwait(false);
            LogRedriven(logger, proposal.Id, proposal.Kind, result.Proposal?.Status ?? ProposalStatus.Approved);
        }
    }

    private async Task<ProposalResult> ExecuteAsync(Proposal approved, HttpContext? context)
    {
        var gate = _executions.GetOrAdd(approved.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // Another request may have finished it while this one waited.
            var current = await store.FindAsync(approved.Id, CancellationToken.None).ConfigureAwait(false) ?? approved;
            if (current.Status != ProposalStatus.Approved)
            {
                return ProposalResult.Done(current);
            }

            var execution = await Kind(current.Kind).ExecuteAsync(current, CancellationToken.None).ConfigureAwait(false);
            if (execution.Status == ProposalExecutionStatus.Unknown)
            {
                return ProposalResult.Refused(ProposalRefusal.ExecutionPending, current);
            }

            var status = execution.Status == ProposalExecutionStatus.Executed ? ProposalStatus.Executed : ProposalStatus.Failed;
            var completed = await store.CompleteAsync(current.Id, status, execution.Failure, CancellationToken.None).ConfigureAwait(false)
                ?? await store.FindAsync(current.Id, CancellationToken.None).ConfigureAwait(false) ?? current;
            if (context is not null)
            {
                await AuditAsync(context, completed, "execute", before: current, reason: null).ConfigureAwait(false);
            }
            else
            {
                // A re-drive at start acts for the operator who approved it, from no address.
                await audit.AddAsync(new OperatorAction(completed.DecidedBy ?? 0, "", $"{completed.Kind}.execute", "proposal", Id(completed),
                    StateOf(current), StateOf(completed), "re-driven at start", null, Now), CancellationToken.None).ConfigureAwait(false);
            }

            return ProposalResult.Done(completed);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The proposal, unless it is unknown (or of another kind), the decider's own, or expired (then marked so).</summary>
    private async Task<(Proposal? Current, ProposalResult? Refused)> ReadForDecisionAsync(string kind, long id, long operatorId)
    {
        var current = await store.FindAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (current is null || current.Kind != kind)
        {
            return (null, ProposalResult.Refused(ProposalRefusal.NotFound));
        }

        if (current.ProposedBy == operatorId)
        {
            return (null, ProposalResult.Refused(ProposalRefusal.OwnProposal, current));
        }

        if (current.Status == ProposalStatus.Pending && current.ExpiresAt <= Now)
        {
            await store.ExpireAsync(Now, CancellationToken.None).ConfigureAwait(false);
            return (null, ProposalResult.Refused(ProposalRefusal.Expired, await store.FindAsync(id, CancellationToken.None).ConfigureAwait(false)));
        }

        return current.Status == ProposalStatus.Expired ? (null, ProposalResult.Refused(ProposalRefusal.Expired, current)) : (current, null);
    }

    /// <summary>The conditional update changed nothing: someone decided first, or the clock passed the expiry meanwhile.</summary>
    private async Task<ProposalResult> WhyNotDecidedAsync(string kind, long id, long operatorId)
    {
        var (current, refused) = await ReadForDecisionAsync(kind, id, operatorId).ConfigureAwait(false);
        return refused ?? ProposalResult.Refused(ProposalRefusal.AlreadyDecided, current);
    }

    private IProposalKind Kind(string name) =>
        _kinds.TryGetValue(name, out var kind) ? kind : throw new InvalidOperationException($"No proposal kind '{name}' is registered.");

    private Task AuditAsync(HttpContext context, Proposal proposal, string step, Proposal? before, string? reason) =>
        OperatorAccess.AuditAsync(context, audit, time, $"{proposal.Kind}.{step}", "proposal", Id(proposal),
            before is null ? null : StateOf(before), StateOf(proposal), reason);

    private static string Id(Proposal proposal) => proposal.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A proposal's state for the audit log, in short JSON.</summary>
    private static string StateOf(Proposal proposal) =>
        JsonSerializer.Serialize(new AuditedState(proposal.Status, proposal.Summary, proposal.Failure), PlatformJson.Options);

    private sealed record AuditedState(string Status, string Summary, string? Failure);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Approved proposal {Id} re-driven at start: {Kind}, now {Status}")]
    private static partial void LogRedriven(ILogger logger, long id, string kind, string status);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Approved proposal {Id} is of kind {Kind}, which this server does not know; left approved")]
    private static partial void LogUnknownKind(ILogger logger, long id, string kind);
}
