using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Bourse.Server.Tests.Wallet;

/// <summary>
/// Transfers between users through the platform API (/api/v1/transfers) on the real server: both parties see them,
/// the recipient is mailed, a clientReference moves funds once however often (or however concurrently) it is sent,
/// and no bad request moves anything.
/// </summary>
public sealed class TransferTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    private const string BobEmail = "bob@demo.bourse.local";
    private const long AliceId = 1;
    private const long BobId = 2;

    private static string NewReference() => $"ref-{Guid.NewGuid():N}";

    private static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    /// <summary>Free + locked of every asset of both demo traders together.</summary>
    private async Task<Dictionary<string, decimal>> TotalsAsync()
    {
        var alice = await fixture.Alice.BalancesAsync();
        var bob = await fixture.Bob.BalancesAsync();
        return alice.Keys.ToDictionary(a => a, a => alice[a].Free + alice[a].Locked + bob[a].Free + bob[a].Locked);
    }

    [Fact]
    public async Task A_transfer_by_email_and_one_by_id_reach_the_recipient_and_both_sides_see_them()
    {
        var aliceBefore = await fixture.Alice.BalancesAsync();
        var bobBefore = await fixture.Bob.BalancesAsync();

        var byEmailReference = NewReference();
        var (status, byEmail, response) = await fixture.Alice.PostAsync("/api/v1/transfers",
            new { toEmail = "  Bob@Demo.Bourse.Local ", asset = "SOL", amount = "1.5", clientReference = byEmailReference });
        Assert.True(status == 201, $"{status} {byEmail}");
        var byEmailId = byEmail.GetProperty("id").GetInt64();
        Assert.Equal("out", byEmail.GetProperty("direction").GetString());
        Assert.Equal("SOL", byEmail.GetProperty("asset").GetString());
        Assert.Equal("1.50000000", byEmail.GetProperty("amount").GetString());
        Assert.Equal("completed", byEmail.GetProperty("status").GetString());
        Assert.Equal(byEmailReference, byEmail.GetProperty("clientReference").GetString());
        Assert.Equal(BobId, byEmail.GetProperty("counterparty").GetProperty("userId").GetInt64());
        Assert.Equal("b***@demo.bourse.local", byEmail.GetProperty("counterparty").GetProperty("email").GetString());
        Assert.InRange(byEmail.GetProperty("createdAt").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(),
            DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
        Assert.Equal($"/api/v1/transfers/{byEmailId}", response.Headers.Location?.OriginalString);

        var (byIdStatus, byId, _) = await fixture.Alice.PostAsync("/api/v1/transfers",
            new { toUserId = BobId, asset = "USDT", amount = "250.25", clientReference = NewReference() });
        Assert.Equal(201, byIdStatus);
        var byIdId = byId.GetProperty("id").GetInt64();
        Assert.True(byIdId > byEmailId);

        var aliceAfter = await fixture.Alice.BalancesAsync();
        var bobAfter = await fixture.Bob.BalancesAsync();
        Assert.Equal(aliceBefore["SOL"].Free - 1.5m, aliceAfter["SOL"].Free);
        Assert.Equal(bobBefore["SOL"].Free + 1.5m, bobAfter["SOL"].Free);
        Assert.Equal(aliceBefore["USDT"].Free - 250.25m, aliceAfter["USDT"].Free);
        Assert.Equal(bobBefore["USDT"].Free + 250.25m, bobAfter["USDT"].Free);

        // The sender's list and the recipient's list show the same two transfers, newest first, from each side.
        var (_, sent, _) = await fixture.Alice.GetAsync("/api/v1/transfers");
        var (_, received, _) = await fixture.Bob.GetAsync("/api/v1/transfers");
        var sentIds = sent.GetProperty("transfers").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(sentIds.OrderDescending(), sentIds);
        Assert.Equal([byIdId, byEmailId], sentIds.Where(id => id == byIdId || id == byEmailId));
        var incoming = received.GetProperty("transfers").EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == byEmailId);
        Assert.Equal("in", incoming.GetProperty("direction").GetString());
        Assert.Equal("1.50000000", incoming.GetProperty("amount").GetString());
        Assert.Equal(AliceId, incoming.GetProperty("counterparty").GetProperty("userId").GetInt64());
        Assert.Equal("a***@demo.bourse.local", incoming.GetProperty("counterparty").GetProperty("email").GetString());
        Assert.False(incoming.TryGetProperty("clientReference", out _));

        var (aliceRead, aliceOne, _) = await fixture.Alice.GetAsync($"/api/v1/transfers/{byIdId}");
        Assert.Equal(200, aliceRead);
        Assert.Equal("out", aliceOne.GetProperty("direction").GetString());
        Assert.Equal("250.25000000", aliceOne.GetProperty("amount").GetString());
        var (bobRead, bobOne, _) = await fixture.Bob.GetAsync($"/api/v1/transfers/{byIdId}");
        Assert.Equal(200, bobRead);
        Assert.Equal("in", bobOne.GetProperty("direction").GetString());

        // The recipient's wallet history holds them, and a mail told him.
        var (_, history, _) = await fixture.Bob.GetAsync("/api/v1/wallet/history?kind=transfer_in&asset=SOL");
        var row = history.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == byEmailId);
        Assert.Equal("transfer_in", row.GetProperty("kind").GetString());
        Assert.Equal(AliceId, row.GetProperty("counterparty").GetProperty("userId").GetInt64());
        var mail = await MailToAsync(BobEmail, $"Transfer id: {byEmailId}.");
        Assert.Equal("You received 1.5 SOL", mail.GetProperty("subject").GetString());
        Assert.Contains("a***@demo.bourse.local", mail.GetProperty("body").GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain("alice@", mail.GetProperty("body").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_reference_answers_the_first_transfer_and_a_reused_one_is_refused()
    {
        var totals = await TotalsAsync();
        var bobBefore = (await fixture.Bob.BalancesAsync())["ETH"].Free;
        var transfer = new { toUserId = BobId, asset = "ETH", amount = "0.25", clientReference = NewReference() };
        var (firstStatus, first, _) = await fixture.Alice.PostAsync("/api/v1/transfers", transfer);
        Assert.Equal(201, firstStatus);
        var (retryStatus, retry, retryResponse) = await fixture.Alice.PostAsync("/api/v1/transfers", transfer);
        Assert.Equal(200, retryStatus);
        Assert.Equal("true", Assert.Single(retryResponse.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.GetProperty("id").GetInt64(), retry.GetProperty("id").GetInt64());
        Assert.Equal(first.GetProperty("createdAt").GetInt64(), retry.GetProperty("createdAt").GetInt64());

        foreach (var different in new object[]
        {
            new { toUserId = BobId, asset = "ETH", amount = "0.26", clientReference = transfer.clientReference },
            new { toUserId = BobId, asset = "BTC", amount = "0.25", clientReference = transfer.clientReference },
            new { toUserId = 4L, asset = "ETH", amount = "0.25", clientReference = transfer.clientReference },
        })
        {
            var (status, problem, _) = await fixture.Alice.PostAsync("/api/v1/transfers", different);
            Assert.Equal(409, status);
            Assert.Equal("client_reference_in_use", problem.GetProperty("code").GetString());
            Assert.Equal(first.GetProperty("id").GetInt64(), problem.GetProperty("transferId").GetInt64());
        }

        // The same reference is the sender's own: another sender may use it.
        var (bobStatus, _, _) = await fixture.Bob.PostAsync("/api/v1/transfers",
            new { toUserId = AliceId, asset = "ETH", amount = "0.25", clientReference = transfer.clientReference });
        Assert.Equal(201, bobStatus);
        Assert.Equal(bobBefore, (await fixture.Bob.BalancesAsync())["ETH"].Free);
        Assert.Equal(totals, await TotalsAsync());
    }

    [Fact]
    public async Task Parallel_retries_of_one_reference_move_the_funds_once()
    {
        var aliceBefore = (await fixture.Alice.BalancesAsync())["LTC"].Free;
        var bobBefore = (await fixture.Bob.BalancesAsync())["LTC"].Free;
        var transfer = new { toEmail = BobEmail, asset = "LTC", amount = "3", clientReference = NewReference() };
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.Alice.PostAsync("/api/v1/transfers", transfer)));

        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.Equal(19, answers.Count(a => a.Status == 200));
        Assert.Single(answers.Select(a => a.Body.GetProperty("id").GetInt64()).Distinct());
        Assert.Equal(aliceBefore - 3m, (await fixture.Alice.BalancesAsync())["LTC"].Free);
        Assert.Equal(bobBefore + 3m, (await fixture.Bob.BalancesAsync())["LTC"].Free);
    }

    [Fact]
    public async Task Many_transfers_both_ways_with_concurrent_retries_create_no_money()
    {
        var supply = await fixture.Operator.ReconcileAsync();
        var totals = await TotalsAsync();
        var aliceBefore = await fixture.Alice.BalancesAsync();
        var random = new Random(20261130);
        var run = Guid.NewGuid().ToString("N")[..8];
        var requests = new List<(PlatformTrader From, object Body)>();
        var sent = new List<Task<(int Status, JsonElement Body, HttpResponseMessage Response)>>();
        var expectedAliceChange = new Dictionary<string, decimal>();
        for (var i = 0; i < 48; i++)
        {
            if (requests.Count > 0 && random.Next(3) == 0)
            {
                // A retry of an earlier request, often while the first is still in flight.
                var (from, body) = requests[random.Next(requests.Count)];
                sent.Add(from.PostAsync("/api/v1/transfers", body));
            }
            else
            {
                var fromAlice = random.Next(2) == 0;
                var asset = new[] { "BTC", "ETH", "SOL", "USDT" }[random.Next(4)];
                var amount = random.Next(1, 100_000) / 100_000m;
                var body = new { toUserId = fromAlice ? BobId : AliceId, asset, amount = amount.ToString(CultureInfo.InvariantCulture), clientReference = $"many-{run}-{i}" };
                expectedAliceChange[asset] = expectedAliceChange.GetValueOrDefault(asset) + (fromAlice ? -amount : amount);
                requests.Add((fromAlice ? fixture.Alice : fixture.Bob, body));
                sent.Add(requests[^1].From.PostAsync("/api/v1/transfers", body));
            }

            if (i % 8 == 7)
            {
                await Task.WhenAll(sent);
            }
        }

        var answers = await Task.WhenAll(sent);
        Assert.All(answers, a => Assert.True(a.Status is 200 or 201, $"{a.Status} {a.Body}"));
        Assert.Equal(requests.Count, answers.Count(a => a.Status == 201));
        Assert.Equal(requests.Count, answers.Select(a => a.Body.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Equal(totals, await TotalsAsync());
        Assert.Equal(supply, await fixture.Operator.ReconcileAsync());
        var aliceAfter = await fixture.Alice.BalancesAsync();
        Assert.All(expectedAliceChange, change => Assert.Equal(aliceBefore[change.Key].Free + change.Value, aliceAfter[change.Key].Free));
    }

    [Fact]
    public async Task A_retry_after_a_crash_and_restart_answers_the_first_transfer()
    {
        using var directory = new TempDirectory();
        var transfer = new { toEmail = BobEmail, asset = "BTC", amount = "0.75", clientReference = "before-the-crash" };
        long id;
        await using (var first = await ServerProcess.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false"))
        {
            var (status, sent, _) = await (await PlatformTrader.SignInAsync(first, "alice")).PostAsync("/api/v1/transfers", transfer);
            Assert.Equal(201, status);
            id = sent.GetProperty("id").GetInt64();
            first.Kill();
        }

        await using var second = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var alice = await PlatformTrader.SignInAsync(second, "alice");
        var bob = await PlatformTrader.SignInAsync(second, "bob");
        var (retryStatus, retry, _) = await alice.PostAsync("/api/v1/transfers", transfer);
        Assert.Equal(200, retryStatus);
        Assert.Equal(id, retry.GetProperty("id").GetInt64());
        Assert.Equal((9.25m, 0m), (await alice.BalancesAsync())["BTC"]);
        Assert.Equal((10.75m, 0m), (await bob.BalancesAsync())["BTC"]);
        Assert.Equal(200, (await bob.GetAsync($"/api/v1/transfers/{id}")).Status);
    }

    public static TheoryData<string, int, string> BadTransfers => new()
    {
        { """{"toUserId":2,"asset":"SOL","amount":"-1","clientReference":"bad-1"}""", 400, "invalid_amount" },
        { """{"toUserId":2,"asset":"SOL","amount":"0","clientReference":"bad-1"}""", 400, "invalid_amount" },
        { """{"toUserId":2,"asset":"SOL","amount":"0.000000000","clientReference":"bad-1"}""", 400, "invalid_amount" },
        { """{"toUserId":2,"asset":"SOL","amount":"0.000000001","clientReference":"bad-1"}""", 400, "invalid_precision" },
        { """{"toUserId":2,"asset":"SOL","amount":"1e3","clientReference":"bad-1"}""", 400, "invalid_amount" },
        { """{"toUserId":2,"asset":"SOL","amount":"ten","clientReference":"bad-1"}""", 400, "invalid_amount" },
        { """{"toUserId":2,"asset":"SOL","amount":" 1","clientReference":"bad-1"}""", 400, "invalid_amount" },
        { """{"toUserId":2,"asset":"SOL","amount":"99999999999999999999.9","clientReference":"bad-1"}""", 400, "invalid_amount" },
        { """{"toUserId":2,"asset":"SOL","amount":1,"clientReference":"bad-1"}""", 400, "invalid_json" },
        { """{"toUserId":2,"asset":"DOGE","amount":"1","clientReference":"bad-1"}""", 400, "unknown_asset" },
        { """{"toUserId":2,"asset":"sol","amount":"1","clientReference":"bad-1"}""", 400, "unknown_asset" },
        { """{"toUserId":1,"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "self_transfer" },
        { """{"toEmail":"alice@demo.bourse.local","asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "self_transfer" },
        { """{"toUserId":987654,"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 404, "recipient_not_found" },
        { """{"toUserId":-2,"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_field" },
        { """{"toUserId":0,"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_field" },
        { """{"toEmail":"nobody-here@example.com","asset":"SOL","amount":"1","clientReference":"bad-1"}""", 404, "recipient_not_found" },
        { """{"toEmail":"not an email","asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_field" },
        { """{"toEmail":"bob@demo.bourse.local","toUserId":2,"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_recipient" },
        { """{"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_recipient" },
        { """{"toUserId":2,"asset":"SOL","amount":"1"}""", 400, "missing_field" },
        { """{"toUserId":2,"asset":"SOL","amount":"1","clientReference":""}""", 400, "missing_field" },
        { """{"toUserId":2,"amount":"1","clientReference":"bad-1"}""", 400, "missing_field" },
        { """{"toUserId":2,"asset":"SOL","clientReference":"bad-1"}""", 400, "missing_field" },
        { """{"toUserId":2,"asset":"SOL","amount":"1","clientReference":"has space"}""", 400, "invalid_field" },
        { $$"""{"toUserId":2,"asset":"SOL","amount":"1","clientReference":"{{new string('r', 65)}}"}""", 400, "invalid_field" },
        { $$"""{"toEmail":"{{new string('b', 300)}}@example.com","asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_field" },
        { $$"""{"toUserId":2,"asset":"{{new string('S', 5000)}}","amount":"1","clientReference":"bad-1"}""", 400, "unknown_asset" },
        { """{"toUserId":2.5,"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_json" },
        { """{"toUserId":true,"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_json" },
        { """{"toUserId":99999999999999999999,"asset":"SOL","amount":"1","clientReference":"bad-1"}""", 400, "invalid_json" },
        { """{"toUserId":2,"asset":"SOL","amount":"1","clientReference":"bad-1","memo":"x"}""", 400, "invalid_json" },
        { """{"toUserId":2,"asset":"SOL","amount":"1","clientReference":"bad-1","amount":"2"}""", 400, "invalid_json" },
        { """[1,2]""", 400, "invalid_json" },
        { """{"toUserId":2,"asset":"SOL","amount":"1000000000","clientReference":"bad-1"}""", 409, "insufficient_balance" },
    };

    [Theory]
    [MemberData(nameof(BadTransfers))]
    public async Task A_bad_transfer_gets_a_problem_and_moves_nothing(string json, int status, string code)
    {
        var totals = await TotalsAsync();
        var aliceBefore = await fixture.Alice.BalancesAsync();
        var (_, listBefore, _) = await fixture.Alice.GetAsync("/api/v1/transfers");

        var (answered, problem, response) = await fixture.Alice.SendAsync(HttpMethod.Post, "/api/v1/transfers", json);
        Assert.True(answered == status, $"{answered} {problem}");
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        Assert.Equal(aliceBefore, await fixture.Alice.BalancesAsync());
        Assert.Equal(totals, await TotalsAsync());
        Assert.Equal(listBefore.ToString(), (await fixture.Alice.GetAsync("/api/v1/transfers")).Body.ToString());
    }

    [Fact]
    public async Task A_sender_with_2fa_needs_a_good_code_and_a_refused_code_moves_nothing()
    {
        var (carol, tokens, _) = await fixture.NewUserAsync("carol");
        Assert.Equal(200, (await carol.PostAsync("/api/v1/demo/faucet", new { })).Status);
        var enrollment = await fixture.Client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken);
        var authenticator = new Authenticator(enrollment.Json!.Value.GetProperty("secret").GetString()!);
        var confirmed = await fixture.Client.PostAsync("/api/v1/account/2fa/confirm",
            new { code = authenticator.Now(), password = "correct horse battery staple" }, tokens.AccessToken);
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.Text);
        var recoveryCodes = confirmed.Json!.Value.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        var before = await carol.BalancesAsync();
        var bobBefore = (await fixture.Bob.BalancesAsync())["SOL"].Free;
        var reference = NewReference();

        foreach (var (code, expected) in new[] { ((string?)null, "two_factor_required"), ("", "two_factor_required"), ("000000", "invalid_two_factor_code"),
            ("not-a-recovery-code", "invalid_two_factor_code") })
        {
            var (status, problem, _) = await carol.PostAsync("/api/v1/transfers", new { toUserId = BobId, asset = "SOL", amount = "10", clientReference = reference, code });
            Assert.True(status == 401, $"{status} {problem}");
            Assert.Equal(expected, problem.GetProperty("code").GetString());
        }

        Assert.Equal(before, await carol.BalancesAsync());
        Assert.Equal(bobBefore, (await fixture.Bob.BalancesAsync())["SOL"].Free);
        Assert.Empty((await carol.GetAsync("/api/v1/transfers")).Body.GetProperty("transfers").EnumerateArray());

        var transfer = new { toUserId = BobId, asset = "SOL", amount = "10", clientReference = reference, code = recoveryCodes[0] };
        var (sentStatus, sent, _) = await carol.PostAsync("/api/v1/transfers", transfer);
        Assert.True(sentStatus == 201, $"{sentStatus} {sent}");
        Assert.Equal(before["SOL"].Free - 10m, (await carol.BalancesAsync())["SOL"].Free);

        // The retry of a sent transfer answers it even though its (single-use) code is spent; a new one needs a new code.
        var (retryStatus, retry, _) = await carol.PostAsync("/api/v1/transfers", transfer);
        Assert.Equal(200, retryStatus);
        Assert.Equal(sent.GetProperty("id").GetInt64(), retry.GetProperty("id").GetInt64());
        var (reusedStatus, reused, _) = await carol.PostAsync("/api/v1/transfers", transfer with { clientReference = NewReference() });
        Assert.Equal(401, reusedStatus);
        Assert.Equal("invalid_two_factor_code", reused.GetProperty("code").GetString());
        Assert.Equal(bobBefore + 10m, (await fixture.Bob.BalancesAsync())["SOL"].Free);
    }

    [Fact]
    public async Task Only_the_two_parties_can_read_a_transfer()
    {
        var (carol, _, _) = await fixture.NewUserAsync("carol");
        var (_, sent, _) = await fixture.Alice.PostAsync("/api/v1/transfers", new { toUserId = BobId, asset = "BTC", amount = "0.001", clientReference = NewReference() });
        var id = sent.GetProperty("id").GetInt64();

        var (status, problem, _) = await carol.GetAsync($"/api/v1/transfers/{id}");
        Assert.Equal(404, status);
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
        Assert.Empty((await carol.GetAsync("/api/v1/transfers")).Body.GetProperty("transfers").EnumerateArray());
        Assert.Empty((await carol.GetAsync("/api/v1/wallet/history")).Body.GetProperty("activities").EnumerateArray());
        foreach (var bad in new[] { "0", "-1", "abc", "9223372036854775807", "99999999999999999999" })
        {
            var (badStatus, _, _) = await carol.GetAsync($"/api/v1/transfers/{bad}");
            Assert.True(badStatus is 400 or 404, $"{bad}: {badStatus}");
        }

        Assert.Equal(404, (await fixture.Alice.GetAsync($"/api/v1/transfers/{id + 1_000_000}")).Status);
    }

    [Fact]
    public async Task Transfers_page_newest_first_by_cursor()
    {
        var (dave, daveTokens, _) = await fixture.NewUserAsync("dave");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var (_, sent, _) = await fixture.Alice.PostAsync("/api/v1/transfers",
                new { toUserId = daveTokens.UserId, asset = "USDT", amount = $"{i + 1}", clientReference = NewReference() });
            ids.Add(sent.GetProperty("id").GetInt64());
        }

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var (status, page, _) = await dave.GetAsync($"/api/v1/transfers?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.Equal(200, status);
            var transfers = page.GetProperty("transfers").EnumerateArray().ToList();
            Assert.InRange(transfers.Count, 1, 2);
            seen.AddRange(transfers.Select(t => t.GetProperty("id").GetInt64()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
        Assert.Equal(15m, (await dave.BalancesAsync())["USDT"].Free);
        var (badCursor, problem, _) = await dave.GetAsync("/api/v1/transfers?cursor=bm90LWEtY3Vyc29y");
        Assert.Equal(400, badCursor);
        Assert.Equal("invalid_cursor", problem.GetProperty("code").GetString());
    }

    /// <summary>The demo-mode mail sink's message to this address whose body contains the text (waits for it briefly).</summary>
    private async Task<JsonElement> MailToAsync(string to, string text)
    {
        var found = await Eventually.UntilAsync(async () =>
        {
            var mail = await fixture.Client.GetAsync($"/api/v1/dev/mail?to={Uri.EscapeDataString(to)}", null);
            return mail.Json!.Value.EnumerateArray().Where(m => m.GetProperty("body").GetString()!.Contains(text, StringComparison.Ordinal))
                .Select(m => (JsonElement?)m).FirstOrDefault();
        }, m => m is not null, _ => $"mail to {to} containing '{text}'");
        return found!.Value;
    }
}
