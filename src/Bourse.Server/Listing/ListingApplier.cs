using Bourse.Core.Model;
using Bourse.Server.Engine;
using Bourse.Server.Views;
using Bourse.Trading;

namespace Bourse.Server.Listing;

/// <summary>The result of planning or applying a document: a plan, or the entries that stop it, or the command that failed.</summary>
public sealed record ListingResult(ListingPlan? Plan, IReadOnlyList<ListingError> Errors, SubmitOutcome? Failed = null);

/// <summary>
/// Plans a listing document against the running exchange and applies it as engine commands, in the plan's order,
/// one document at a time. Idempotent: a document already applied plans no change, so a second apply submits nothing.
/// The reference-data view is reloaded before answering, so exchangeInfo shows the change at once.
/// </summary>
public sealed class ListingApplier(EngineHost host, ReferenceDataView reference)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<ListingState> StateAsync() => host.Engine.QueryAsync(ListingState.Of);

    public async Task<ListingResult> PlanAsync(ListingDocument document)
    {
        var (plan, errors) = ListingPlanner.Plan(document, await StateAsync().ConfigureAwait(false));
        return new ListingResult(plan, errors);
    }

    public async Task<ListingResult> ApplyAsync(ListingDocument document)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var (plan, errors) = ListingPlanner.Plan(document, await StateAsync().ConfigureAwait(false));
            if (plan is null)
            {
                return new ListingResult(null, errors);
            }

            foreach (var command in plan.Commands)
            {
                var outcome = await host.Gateway.SubmitAsync(command).ConfigureAwait(false);
                if (outcome.Status != SubmitStatus.Accepted || outcome.Reason != RejectReason.None)
                {
                    await reference.ReloadAsync().ConfigureAwait(false);
                    return new ListingResult(plan, [], outcome);
                }
            }

            if (plan.Commands.Count > 0)
            {
                await reference.ReloadAsync().ConfigureAwait(false);
            }

            return new ListingResult(plan, []);
        }
        finally
        {
            _gate.Release();
        }
    }
}
