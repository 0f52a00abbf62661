using System.Net;
using Bourse.Store.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Bourse.Server.Tests.Treasury.Adjustments;

namespace Bourse.Server.Tests.Treasury;

/// <summary>
/// What happens to a proposal over time and across restarts: it expires by the host's clock, and one approved but
/// never confirmed (the process stopped between the decision and the engine's answer) is carried out exactly once —
/// at the next start, or on the approver's retry — because the core applies a reference once ever.
/// </summary>
public sealed class AdjustmentLifecycleTests
{
    [Fact]
    public async Task A_proposal_expires_by_the_clock_and_can_then_be_neither_approved_nor_rejected()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await InProcessServer.StartAsync(directory.Path, time, AdjustmentServerFixture.Arguments("--Bourse:Admin:ProposalLifetime=00:05:00"));
        var maker = await PlatformOperator.SignInAsync(server, "maker@example.com");
        var checker = await PlatformOperator.SignInAsync(server, "checker@example.com");
        var (user, userId) = await NewUserAsync(server, "expiry");
        var proposed = await ProposeAsync(maker, userId, "USDT", "10");
        var id = proposed.GetProperty("id").GetInt64();
        Assert.Equal(300_000, proposed.GetProperty("expiresAt").GetInt64() - proposed.GetProperty("proposedAt").GetInt64());

        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal("pending", (await FindAsync(checker, id)).GetProperty("status").GetString());
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("expired", (await FindAsync(checker, id)).GetProperty("status").GetString());
        Assert.DoesNotContain(await ListAsync(checker, "pending"), p => p.GetProperty("id").GetInt64() == id);
        (await ApproveAsync(checker, id)).AssertProblem(HttpStatusCode.Conflict, "proposal_expired");
        (await RejectAsync(checker, id, new { reason = "late" })).AssertProblem(HttpStatusCode.Conflict, "proposal_expired");
        Assert.Equal(0m, await FreeAsync(user, "USDT"));
        await AssertBooksBalanceAsync(checker);
    }

    [Fact]
    public async Task An_approval_cut_off_before_the_engine_answered_is_executed_once_at_the_next_start()
    {
        using var directory = new TempDirectory();
        long id;
        var userEmail = PlatformServerFixture.NewEmail("redrive");
        await using (var server = await InProcessServer.StartAsync(directory.Path, AdjustmentServerFixture.Arguments()))
        {
            var maker = await PlatformOperator.SignInAsync(server, "maker@example.com");
            var checker = await PlatformOperator.SignInAsync(server, "checker@example.com");
            var userId = (await new PlatformClient(server.Http).NewUserAsync(userEmail)).UserId;
            id = (await ProposeAsync(maker, userId, "ETH", "4")).GetProperty("id").GetInt64();
            // The checker's decision was stored, then the process stopped before the engine was asked.
            Approve(server, id, checkerId: await UserIdOfAsync(checker));
        }

        await using (var restarted = await InProcessServer.StartAsync(directory.Path, AdjustmentServerFixture.Arguments()))
        {
            var checker = await PlatformOperator.SignInAsync(restarted, "other-checker@example.com");
            var proposal = await FindAsync(checker, id);
            Assert.Equal("executed", proposal.GetProperty("status").GetString());
            var user = new PlatformTrader(restarted.Http, (await new PlatformClient(restarted.Http).LoginAsync(userEmail, "correct horse battery staple")).AccessToken);
            Assert.Equal(4m, await FreeAsync(user, "ETH"));
            await AssertBooksBalanceAsync(checker);
        }
    }

    [Fact]
    public async Task An_approval_applied_but_never_recorded_is_recognised_on_retry_and_not_applied_twice()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, AdjustmentServerFixture.Arguments());
        var maker = await PlatformOperator.SignInAsync(server, "maker@example.com");
        var checker = await PlatformOperator.SignInAsync(server, "checker@example.com");
        var (user, userId) = await NewUserAsync(server, "applied");
        var id = (await ProposeAsync(maker, userId, "SOL", "6")).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(checker, id)).Status);
        Assert.Equal(6m, await FreeAsync(user, "SOL"));

        // As if the engine had applied it but the process stopped before the result was written down.
        Database(server).Execute("UPDATE proposals SET status = 'approved' WHERE id = @id", ("@id", id));
        var retried = await ApproveAsync(checker, id);

        Assert.True(retried.Status == HttpStatusCode.OK, retried.Text);
        Assert.Equal("executed", retried.Json!.Value.GetProperty("status").GetString());
        Assert.Equal(6m, await FreeAsync(user, "SOL"));
        await AssertBooksBalanceAsync(checker);
    }

    private static IdentityDatabase Database(InProcessServer server) => server.Services.GetRequiredService<IdentityDatabase>();

    private static void Approve(InProcessServer server, long id, long checkerId) =>
        Database(server).Execute("UPDATE proposals SET status = 'approved', decided_by = @checker, decided_at = proposed_at + 1 WHERE id = @id",
            ("@checker", checkerId), ("@id", id));

    private static async Task<long> UserIdOfAsync(PlatformOperator op)
    {
        var me = await op.Client.GetAsync("/api/v1/account", op.AccessToken);
        Assert.True(me.Status == HttpStatusCode.OK, me.Text);
        return me.Json!.Value.GetProperty("id").GetInt64();
    }
}
