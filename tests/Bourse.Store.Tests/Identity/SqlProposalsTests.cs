using Bourse.Identity.Operators;
using Bourse.Store.Identity;

namespace Bourse.Store.Tests.Identity;

/// <summary>
/// The maker–checker's proposals on SQLite and on a real PostgreSQL: a reference once per kind, decisions only on
/// pending, unexpired proposals by someone other than the proposer, one winner when deciders race, a result recorded
/// once, and expiry by the caller's clock.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlProposalsTests(PostgresServer postgres) : IDisposable
{
    private const long Now = 1_700_000_000_000;
    private const long Maker = 10;
    private const long Checker = 20;
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly StoreFactory _stores = new(postgres);

    public static TheoryData<string> Providers => [SqlDialects.Sqlite, SqlDialects.Postgres];

    private static NewProposal Adjustment(string reference, long expiresAt = Now + 60_000) =>
        new("adjustment", reference, """{"userId":5,"units":100}""", "credit 1 USDT to user 5", Maker, Now, expiresAt);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_new_proposal_is_pending_and_its_reference_is_taken_for_its_kind_only(string provider)
    {
        using var database = Open(provider);
        var proposals = new SqlProposals(database);

        var stored = await proposals.AddAsync(Adjustment("t-1"), None);

        Assert.NotNull(stored);
        Assert.Equal(new Proposal(stored.Id, "adjustment", "t-1", """{"userId":5,"units":100}""", "credit 1 USDT to user 5", Maker, Now, Now + 60_000,
            ProposalStatus.Pending, null, null, null, null), stored);
        Assert.Equal(stored, await proposals.FindAsync(stored.Id, None));
        Assert.Equal(stored, await proposals.FindByReferenceAsync("adjustment", "t-1", None));
        Assert.Null(await proposals.AddAsync(Adjustment("t-1") with { Payload = "{}" }, None));
        Assert.NotNull(await proposals.AddAsync(Adjustment("t-1") with { Kind = "withdrawal" }, None));
        Assert.Equal(2, await proposals.CountPendingAsync(Now, None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Only_someone_else_decides_and_only_while_pending_and_unexpired(string provider)
    {
        using var database = Open(provider);
        var proposals = new SqlProposals(database);
        var id = (await proposals.AddAsync(Adjustment("t-2"), None))!.Id;

        Assert.Null(await proposals.DecideAsync(id, Maker, ProposalStatus.Approved, null, Now + 1, None));
        Assert.Null(await proposals.DecideAsync(id, Checker, ProposalStatus.Approved, null, Now + 60_000, None));
        var approved = await proposals.DecideAsync(id, Checker, ProposalStatus.Approved, null, Now + 59_999, None);

        Assert.Equal((ProposalStatus.Approved, Checker, Now + 59_999), (approved!.Status, approved.DecidedBy, approved.DecidedAt));
        Assert.Null(await proposals.DecideAsync(id, Checker + 1, ProposalStatus.Rejected, "late", Now + 2, None));
        Assert.Equal([approved], await proposals.ListApprovedAsync(None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Of_deciders_racing_exactly_one_wins(string provider)
    {
        using var database = Open(provider);
        var proposals = new SqlProposals(database);
        var id = (await proposals.AddAsync(Adjustment("t-3"), None))!.Id;

        var decisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            proposals.DecideAsync(id, Checker + i, i % 2 == 0 ? ProposalStatus.Approved : ProposalStatus.Rejected, i % 2 == 0 ? null : "no", Now + 1, None))));

        var winner = Assert.Single(decisions, d => d is not null);
        Assert.Equal(winner, await proposals.FindAsync(id, None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_result_is_recorded_once_and_only_for_an_approved_proposal(string provider)
    {
        using var database = Open(provider);
        var proposals = new SqlProposals(database);
        var id = (await proposals.AddAsync(Adjustment("t-4"), None))!.Id;
        Assert.Null(await proposals.CompleteAsync(id, ProposalStatus.Executed, null, None));
        await proposals.DecideAsync(id, Checker, ProposalStatus.Approved, null, Now + 1, None);

        var failed = await proposals.CompleteAsync(id, ProposalStatus.Failed, "insufficient_balance: too much", None);

        Assert.Equal((ProposalStatus.Failed, "insufficient_balance: too much"), (failed!.Status, failed.Failure));
        Assert.Null(await proposals.CompleteAsync(id, ProposalStatus.Executed, null, None));
        Assert.Equal(ProposalStatus.Failed, (await proposals.FindAsync(id, None))!.Status);
        Assert.Empty(await proposals.ListApprovedAsync(None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Pending_proposals_past_their_expiry_are_marked_expired_and_listed_newest_first(string provider)
    {
        using var database = Open(provider);
        var proposals = new SqlProposals(database);
        var early = (await proposals.AddAsync(Adjustment("t-5", expiresAt: Now + 1_000), None))!.Id;
        var late = (await proposals.AddAsync(Adjustment("t-6", expiresAt: Now + 5_000), None))!.Id;
        var rejected = (await proposals.AddAsync(Adjustment("t-7", expiresAt: Now + 1_000), None))!.Id;
        await proposals.DecideAsync(rejected, Checker, ProposalStatus.Rejected, "no", Now + 1, None);

        Assert.Equal(1, await proposals.ExpireAsync(Now + 1_000, None));

        Assert.Equal([rejected, late, early], (await proposals.ListAsync("adjustment", null, null, 10, None)).Select(p => p.Id));
        Assert.Equal([late], (await proposals.ListAsync("adjustment", ProposalStatus.Pending, null, 10, None)).Select(p => p.Id));
        Assert.Equal([early], (await proposals.ListAsync("adjustment", ProposalStatus.Expired, null, 10, None)).Select(p => p.Id));
        Assert.Equal([early], (await proposals.ListAsync("adjustment", null, late, 10, None)).Select(p => p.Id));
        Assert.Equal(1, await proposals.CountPendingAsync(Now + 1_000, None));
        Assert.Equal(0, await proposals.CountPendingAsync(Now + 5_000, None));
        Assert.Empty(await proposals.ListAsync("withdrawal", null, null, 10, None));
    }

    public void Dispose() => _stores.Dispose();

    private IdentityDatabase Open(string provider) => _stores.OpenIdentity(provider, _stores.NewLocation(provider));
}
