using System.Net;
using System.Text.Json;
using Bourse.Server.Tests;

namespace Bourse.Faults.Tests.Clock;

/// <summary>
/// The wall clock jumping while the server runs (and while it is down), on a fake clock the whole server reads: the
/// sequencer's timestamps never go back, access tokens neither die early nor live longer than the jump, and the
/// request and order windows start afresh rather than lock a client out.
/// </summary>
public class ClockJumpTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task The_sequencer_stamps_never_go_back_when_the_clock_jumps_back_while_running_or_while_the_server_is_down()
    {
        using var directory = new TempDirectory();
        long first, second, third;
        var clock = new JumpingClock(Start);
        await using (var server = await InProcessServer.StartAsync(directory.Path, clock, "--demo", "--Bourse:DemoMarketMaker=false"))
        {
            var alice = await AliceAsync(server, clock);
            first = await PlaceAsync(alice);
            clock.Jump(-Hour);
            second = await PlaceAsync(alice);
            Assert.True(second >= first, $"{second} after {first}");
        }

        // Started again with the clock still an hour behind the last stamp in the log.
        var behind = new JumpingClock(Start - Hour);
        await using (var server = await InProcessServer.StartAsync(directory.Path, behind, "--demo", "--Bourse:DemoMarketMaker=false"))
        {
            var alice = await AliceAsync(server, behind);
            third = await PlaceAsync(alice);
            Assert.True(third >= second, $"{third} after {second}: the stamps went back across the restart");

            // The history agrees: orders in sequence order have non-decreasing times.
            var (status, orders) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "symbol=BTCUSDT&limit=1000");
            Assert.Equal(200, status);
            var times = orders.EnumerateArray().OrderBy(o => o.GetProperty("orderId").GetInt64()).Select(o => o.GetProperty("time").GetInt64()).ToList();
            Assert.Equal(times.Order().ToList(), times);
        }
    }

    [Fact]
    public async Task An_access_token_outlives_a_backward_jump_and_its_expiry_by_at_most_the_jump()
    {
        using var directory = new TempDirectory();
        var clock = new JumpingClock(Start);
        await using var server = await InProcessServer.StartAsync(directory.Path, clock, "--demo", "--Bourse:DemoMarketMaker=false");
        var client = new PlatformClient(server.Http);
        var (email, password) = await DemoAccountAsync(directory.Path, "alice");
        var token = (await client.LoginAsync(email, password)).AccessToken;

        // An hour back: the token, issued "in the future" now, still works, and so does signing in again.
        clock.Jump(-Hour);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account/balances", token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account/balances", (await client.LoginAsync(email, password)).AccessToken)).Status);

        // Its ten minutes have passed, but the clock reads before its expiry: still accepted (longer by at most the jump)…
        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account/balances", token)).Status);

        // …until the clock reads past its expiry: refused as expired, so the client refreshes.
        clock.Advance(Hour);
        (await client.GetAsync("/api/v1/account/balances", token)).AssertProblem(HttpStatusCode.Unauthorized, "token_expired");
    }

    [Fact]
    public async Task A_client_over_its_request_weight_is_not_locked_out_by_a_backward_jump_the_window_starts_afresh()
    {
        using var directory = new TempDirectory();
        var clock = new JumpingClock(Start);
        await using var server = await InProcessServer.StartAsync(directory.Path, clock, "--Bourse:RequestWeightPerMinute=10");

        var refused = await Eventually.UntilAsync(() => server.Http.GetAsync("/api/v3/ping"), r => r.StatusCode == HttpStatusCode.TooManyRequests);
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        clock.Jump(-Hour);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/v3/ping")).StatusCode);
        clock.Jump(2 * Hour);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/v3/ping")).StatusCode);
    }

    [Fact]
    public async Task An_account_over_its_order_count_is_not_locked_out_by_a_backward_jump_the_window_starts_afresh()
    {
        using var directory = new TempDirectory();
        var clock = new JumpingClock(Start);
        await using var server = await InProcessServer.StartAsync(directory.Path, clock, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:OrdersPer10Seconds=2");
        var alice = await AliceAsync(server, clock);
        await PlaceAsync(alice);
        await PlaceAsync(alice);
        var (status, body) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order", Order, inBody: true);
        Assert.Equal((429, -1015), (status, body.GetProperty("code").GetInt32()));

        clock.Jump(-Hour);
        await PlaceAsync(alice);
    }

    private const string Order = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.001&price=95000&newOrderRespType=ACK";

    private static async Task<BinanceClient> AliceAsync(InProcessServer server, TimeProvider clock)
    {
        var alice = (await BinanceClient.DemoCredentials(server.DataDirectory)).Single(c => c.User == "alice");
        return new BinanceClient(server.Http, alice.ApiKey, alice.Secret, clock);
    }

    /// <summary>Places a resting order; its transactTime, the sequencer's stamp.</summary>
    private static async Task<long> PlaceAsync(BinanceClient client)
    {
        var (status, body) = await client.SignedAsync(HttpMethod.Post, "/api/v3/order", Order, inBody: true);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("transactTime").GetInt64();
    }

    private static async Task<(string Email, string Password)> DemoAccountAsync(string dataDirectory, string name)
    {
        var accounts = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "demo-accounts.json")));
        var account = accounts.EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
        return (account.GetProperty("email").GetString()!, account.GetProperty("password").GetString()!);
    }
}
