using System.Net;
using Bourse.Identity.Operators;
using Bourse.Server.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Bourse.Server.Tests.Treasury.Adjustments;

namespace Bourse.Server.Tests.Treasury;

/// <summary>
/// Balance adjustments under four eyes on the real server: one operator proposes, a different one approves (only then
/// does the engine move money) or rejects; nobody decides their own proposal; two approvers racing make one
/// execution; a debit beyond the available balance fails and moves nothing; bad input is a 400 that changes nothing;
/// and the books balance after every step, with the adjustments on their own line.
/// </summary>
public sealed class AdjustmentTests(AdjustmentServerFixture fixture) : IClassFixture<AdjustmentServerFixture>
{
    private IBourseServer Server => fixture.Server;

    [Fact]
    public async Task A_credit_proposed_by_one_operator_and_approved_by_another_reaches_the_user_once()
    {
        var (user, userId) = await NewUserAsync(Server, "credit");
        var reference = NewReference();

        var proposed = await ProposeAsync(fixture.Maker, userId, "USDT", "100.5", reference);
        Assert.Equal("pending", proposed.GetProperty("status").GetString());
        Assert.Equal(userId, proposed.GetProperty("userId").GetInt64());
        Assert.Equal("USDT", proposed.GetProperty("asset").GetString());
        Assert.Equal("100.50000000", proposed.GetProperty("amount").GetString());
        Assert.Equal(reference, proposed.GetProperty("reference").GetString());
        Assert.Equal("goodwill credit after incident 42", proposed.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKindNull, proposed.GetProperty("decidedBy").ValueKind);
        Assert.Equal(JsonValueKindNull, proposed.GetProperty("failure").ValueKind);
        Assert.Equal(24 * 3600_000L, proposed.GetProperty("expiresAt").GetInt64() - proposed.GetProperty("proposedAt").GetInt64());
        var id = proposed.GetProperty("id").GetInt64();
        Assert.Contains(await ListAsync(fixture.Checker, "pending"), p => p.GetProperty("id").GetInt64() == id);
        Assert.Equal(0m, await FreeAsync(user, "USDT"));
        await AssertBooksBalanceAsync(fixture.Checker);

        var approved = await ApproveAsync(fixture.Checker, id);
        Assert.True(approved.Status == HttpStatusCode.OK, approved.Text);
        Assert.Equal("executed", approved.Json!.Value.GetProperty("status").GetString());
        Assert.Equal(JsonValueKindNumber, approved.Json.Value.GetProperty("decidedBy").ValueKind);
        Assert.Equal(100.5m, await FreeAsync(user, "USDT"));
        Assert.DoesNotContain(await ListAsync(fixture.Checker, "pending"), p => p.GetProperty("id").GetInt64() == id);
        await AssertBooksBalanceAsync(fixture.Checker);

        // The approver's retry answers the same; the money moved once.
        var again = await ApproveAsync(fixture.Checker, id);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("executed", again.Json!.Value.GetProperty("status").GetString());
        Assert.Equal(100.5m, await FreeAsync(user, "USDT"));

        // The user's wallet history shows it as an adjustment with its reference.
        var (historyStatus, history, _) = await user.GetAsync("/api/v1/wallet/history?kind=adjustment");
        Assert.Equal(200, historyStatus);
        var row = Assert.Single(history.GetProperty("activities").EnumerateArray());
        Assert.Equal("adjustment", row.GetProperty("kind").GetString());
        Assert.Equal("USDT", row.GetProperty("asset").GetString());
        Assert.Equal(100.5m, Number(row, "amount"));
        Assert.Equal(reference, row.GetProperty("reference").GetString());

        // Every step is in the operator audit log.
        var audit = await fixture.Checker.Client.GetAsync(
            $"/api/v1/admin/operator-audit?targetType=proposal&targetId={id.ToString(System.Globalization.CultureInfo.InvariantCulture)}", fixture.Checker.AccessToken);
        Assert.True(audit.Status == HttpStatusCode.OK, audit.Text);
        var actions = audit.Json!.Value.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Reverse().ToList();
        Assert.Equal(["adjustment.propose", "adjustment.approve", "adjustment.execute"], actions);
    }

    [Fact]
    public async Task A_debit_within_the_available_balance_is_executed_and_shows_as_a_negative_adjustment()
    {
        var (user, userId) = await NewUserAsync(Server, "debit");
        var credit = await ProposeAsync(fixture.Maker, userId, "BTC", "2");
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(fixture.Checker, credit.GetProperty("id").GetInt64())).Status);

        var debit = await ProposeAsync(fixture.Maker, userId, "BTC", "-0.75");
        Assert.Equal("-0.75000000", debit.GetProperty("amount").GetString());
        var approved = await ApproveAsync(fixture.OtherChecker, debit.GetProperty("id").GetInt64());
        Assert.True(approved.Status == HttpStatusCode.OK, approved.Text);
        Assert.Equal("executed", approved.Json!.Value.GetProperty("status").GetString());
        Assert.Equal(1.25m, await FreeAsync(user, "BTC"));

        var (_, history, _) = await user.GetAsync("/api/v1/wallet/history?kind=adjustment&asset=BTC");
        Assert.Equal([-0.75m, 2m], history.GetProperty("activities").EnumerateArray().Select(a => Number(a, "amount")));
        await AssertBooksBalanceAsync(fixture.Checker);
    }

    [Fact]
    public async Task The_users_stream_reports_an_executed_adjustment_as_a_balance_update()
    {
        var (user, userId) = await NewUserAsync(Server, "stream");
        var (opened, stream, _) = await user.PostAsync("/api/v1/account/stream", new { });
        Assert.True(opened == 200, stream.ToString());
        await using var socket = await JsonWebSocket.ConnectAsync(Server.BaseAddress, $"/ws/{stream.GetProperty("listenKey").GetString()}");
        var id = (await ProposeAsync(fixture.Maker, userId, "ETH", "1.25")).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(fixture.Checker, id)).Status);

        var update = await socket.ReceiveAsync();
        while (update.GetProperty("e").GetString() != "balanceUpdate")
        {
            update = await socket.ReceiveAsync();
        }

        Assert.Equal(("ETH", 1.25m), (update.GetProperty("a").GetString(), Number(update, "d")));
    }

    [Fact]
    public async Task The_users_cost_basis_holds_a_credit_like_a_deposit_and_lets_a_debit_leave_like_a_withdrawal()
    {
        var (user, userId) = await NewUserAsync(Server, "cost");
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(fixture.Checker, (await ProposeAsync(fixture.Maker, userId, "USDT", "100")).GetProperty("id").GetInt64())).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(fixture.Checker, (await ProposeAsync(fixture.Maker, userId, "USDT", "-40")).GetProperty("id").GetInt64())).Status);

        var (status, pnl, _) = await user.GetAsync("/api/v1/portfolio/pnl");

        Assert.Equal(200, status);
        var usdt = pnl.GetProperty("assets").EnumerateArray().Single(a => a.GetProperty("asset").GetString() == "USDT");
        Assert.Equal((60m, 60m), (Number(usdt, "quantity"), Number(usdt, "costBasis")));
    }

    [Fact]
    public async Task Nobody_approves_or_rejects_their_own_proposal_and_nothing_changes()
    {
        var (user, userId) = await NewUserAsync(Server, "self");
        var proposed = await ProposeAsync(fixture.Maker, userId, "ETH", "3");
        var id = proposed.GetProperty("id").GetInt64();

        (await ApproveAsync(fixture.Maker, id)).AssertProblem(HttpStatusCode.Forbidden, "own_proposal");
        (await RejectAsync(fixture.Maker, id, new { reason = "changed my mind" })).AssertProblem(HttpStatusCode.Forbidden, "own_proposal");

        var after = await FindAsync(fixture.Checker, id);
        Assert.Equal("pending", after.GetProperty("status").GetString());
        Assert.Equal(0m, await FreeAsync(user, "ETH"));
        await AssertBooksBalanceAsync(fixture.Checker);
    }

    [Fact]
    public async Task A_rejected_proposal_keeps_its_reason_and_can_no_longer_be_approved()
    {
        var (user, userId) = await NewUserAsync(Server, "reject");
        var id = (await ProposeAsync(fixture.Maker, userId, "SOL", "10")).GetProperty("id").GetInt64();

        (await RejectAsync(fixture.Checker, id, new { })).AssertProblem(HttpStatusCode.BadRequest, "missing_field");
        (await RejectAsync(fixture.Checker, id, new { reason = "   " })).AssertProblem(HttpStatusCode.BadRequest, "invalid_field");
        Assert.Equal("pending", (await FindAsync(fixture.Checker, id)).GetProperty("status").GetString());

        var rejected = await RejectAsync(fixture.Checker, id, new { reason = "no ticket for this" });
        Assert.True(rejected.Status == HttpStatusCode.OK, rejected.Text);
        Assert.Equal("rejected", rejected.Json!.Value.GetProperty("status").GetString());
        Assert.Equal("no ticket for this", rejected.Json.Value.GetProperty("decisionReason").GetString());

        (await ApproveAsync(fixture.OtherChecker, id)).AssertProblem(HttpStatusCode.Conflict, "proposal_decided");
        (await ApproveAsync(fixture.Checker, id)).AssertProblem(HttpStatusCode.Conflict, "proposal_decided");
        Assert.Equal(0m, await FreeAsync(user, "SOL"));
        await AssertBooksBalanceAsync(fixture.Checker);
    }

    [Fact]
    public async Task Two_approvers_racing_make_one_decision_and_one_execution()
    {
        var (user, userId) = await NewUserAsync(Server, "race");
        var id = (await ProposeAsync(fixture.Maker, userId, "LTC", "7")).GetProperty("id").GetInt64();

        var answers = await Task.WhenAll(ApproveAsync(fixture.Checker, id), ApproveAsync(fixture.OtherChecker, id));

        var won = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.Equal("executed", won.Json!.Value.GetProperty("status").GetString());
        Assert.Single(answers, a => a.Status == HttpStatusCode.Conflict && a.Code == "proposal_decided");
        Assert.Equal(7m, await FreeAsync(user, "LTC"));
        await AssertBooksBalanceAsync(fixture.Checker);
    }

    [Fact]
    public async Task A_debit_beyond_the_available_balance_fails_with_the_reason_and_moves_nothing()
    {
        var (user, userId) = await NewUserAsync(Server, "overdraw");
        var credit = (await ProposeAsync(fixture.Maker, userId, "USDT", "5")).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(fixture.Checker, credit)).Status);

        var debit = (await ProposeAsync(fixture.Maker, userId, "USDT", "-5.00000001")).GetProperty("id").GetInt64();
        var answer = await ApproveAsync(fixture.Checker, debit);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("failed", answer.Json!.Value.GetProperty("status").GetString());
        Assert.StartsWith("insufficient_balance:", answer.Json.Value.GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Equal(5m, await FreeAsync(user, "USDT"));
        (await ApproveAsync(fixture.OtherChecker, debit)).AssertProblem(HttpStatusCode.Conflict, "proposal_decided");
        await AssertBooksBalanceAsync(fixture.Checker);
    }

    [Fact]
    public async Task Bad_proposals_are_refused_with_400_and_change_nothing()
    {
        var (user, userId) = await NewUserAsync(Server, "bad");
        var before = (await ListAsync(fixture.Checker)).Count;
        var reference = NewReference();
        object[] bodies =
        [
            new { asset = "USDT", amount = "1", reason = "r", reference },
            new { userId = 0, asset = "USDT", amount = "1", reason = "r", reference },
            new { userId = -3, asset = "USDT", amount = "1", reason = "r", reference },
            new { userId = 999_999_999, asset = "USDT", amount = "1", reason = "r", reference },
            new { userId, asset = "NOPE", amount = "1", reason = "r", reference },
            new { userId, amount = "1", reason = "r", reference },
            new { userId, asset = "USDT", amount = "0", reason = "r", reference },
            new { userId, asset = "USDT", amount = "-0", reason = "r", reference },
            new { userId, asset = "USDT", amount = "0.000000001", reason = "r", reference },
            new { userId, asset = "USDT", amount = "-1.123456789", reason = "r", reference },
            new { userId, asset = "USDT", amount = "1e5", reason = "r", reference },
            new { userId, asset = "USDT", amount = "+1", reason = "r", reference },
            new { userId, asset = "USDT", amount = "--1", reason = "r", reference },
            new { userId, asset = "USDT", amount = "-", reason = "r", reference },
            new { userId, asset = "USDT", amount = "99999999999999999999", reason = "r", reference },
            new { userId, asset = "USDT", amount = "1", reference },
            new { userId, asset = "USDT", amount = "1", reason = "  ", reference },
            new { userId, asset = "USDT", amount = "1", reason = new string('r', 501), reference },
            new { userId, asset = "USDT", amount = "1", reason = "r" },
            new { userId, asset = "USDT", amount = "1", reason = "r", reference = "has space" },
            new { userId, asset = "USDT", amount = "1", reason = "r", reference = new string('x', 129) },
            new { userId, asset = "USDT", amount = 1, reason = "r", reference },
            new { userId, asset = "USDT", amount = "1", reason = "r", reference, extra = true },
        ];
        foreach (var body in bodies)
        {
            var response = await fixture.Maker.Client.PostAsync(Endpoint, body, fixture.Maker.AccessToken);
            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{System.Text.Json.JsonSerializer.Serialize(body)} → {response.Status} {response.Text}");
            Assert.NotNull(response.Code);
        }

        foreach (var raw in new[] { "", "{", "[]", "null", "{\"userId\":1,\"userId\":2}" })
        {
            var response = await fixture.Maker.Client.SendAsync(HttpMethod.Post, Endpoint, rawBody: raw, accessToken: fixture.Maker.AccessToken);
            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{raw} → {response.Status} {response.Text}");
        }

        (await fixture.Maker.Client.GetAsync($"{Endpoint}?status=open", fixture.Maker.AccessToken)).AssertProblem(HttpStatusCode.BadRequest, "invalid_parameter");
        Assert.Equal(before, (await ListAsync(fixture.Checker)).Count);
        Assert.Equal(0m, await FreeAsync(user, "USDT"));
        await AssertBooksBalanceAsync(fixture.Checker);
    }

    [Fact]
    public async Task A_reference_is_used_once_across_proposals_whatever_became_of_the_first()
    {
        var (_, userId) = await NewUserAsync(Server, "reference");
        var reference = NewReference();
        var first = (await ProposeAsync(fixture.Maker, userId, "USDT", "1", reference)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await RejectAsync(fixture.Checker, first, new { reason = "typo" })).Status);
        var count = (await ListAsync(fixture.Checker)).Count;

        var again = await fixture.Maker.Client.PostAsync(Endpoint, new { userId, asset = "USDT", amount = "2", reason = "r", reference }, fixture.Maker.AccessToken);

        again.AssertProblem(HttpStatusCode.Conflict, "reference_in_use");
        Assert.Equal(count, (await ListAsync(fixture.Checker)).Count);
    }

    [Fact]
    public async Task Deciding_an_unknown_proposal_is_404()
    {
        (await ApproveAsync(fixture.Checker, 987_654_321)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await RejectAsync(fixture.Checker, 987_654_321, new { reason = "r" })).AssertProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_user_who_is_no_operator_and_an_anonymous_caller_reach_no_adjustment_endpoint()
    {
        var (_, userId) = await NewUserAsync(Server, "victim");
        var id = (await ProposeAsync(fixture.Maker, userId, "USDT", "1")).GetProperty("id").GetInt64();
        var tokens = await new PlatformClient(Server.Http).NewUserAsync(PlatformServerFixture.NewEmail("intruder"));
        var client = new PlatformClient(Server.Http);
        var body = new { userId, asset = "USDT", amount = "1", reason = "r", reference = NewReference() };
        foreach (var token in new[] { tokens.AccessToken, null })
        {
            var expected = token is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            Assert.Equal(expected, (await client.GetAsync(Endpoint, token)).Status);
            Assert.Equal(expected, (await client.PostAsync(Endpoint, body, token)).Status);
            Assert.Equal(expected, (await client.PostAsync($"{Endpoint}/{id}/approve", null, token)).Status);
            Assert.Equal(expected, (await client.PostAsync($"{Endpoint}/{id}/reject", new { reason = "r" }, token)).Status);
        }

        Assert.Equal("pending", (await FindAsync(fixture.Checker, id)).GetProperty("status").GetString());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
    private const System.Text.Json.JsonValueKind JsonValueKindNumber = System.Text.Json.JsonValueKind.Number;
}
