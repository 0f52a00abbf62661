using Bourse.Faults.Tests.Drills;
using Bourse.Store.Tests;

namespace Bourse.Faults.Tests.Dependencies;

/// <summary>
/// The history and identity stores on PostgreSQL, and PostgreSQL stopped under load: trading goes on (the engine and
/// its log do not need it), what needs the database answers 503 rather than 500, and once it is back the history
/// projection catches up with everything acknowledged meanwhile, each exactly once.
/// </summary>
public class PostgresOutageTests
{
    private const int Seed = 1403;

    [Fact]
    public async Task With_postgresql_stopped_under_load_trading_goes_on_identity_answers_503_and_history_catches_up_when_it_is_back()
    {
        using var postgres = new PostgresServer();
        using var directory = new TempDirectory();
        await using var server = await DrillServer.StartAsync(directory.Path,
            [.. DrillArguments.Demo, "--Bourse:Store:Provider=postgres", $"--Bourse:Store:ConnectionString={postgres.CreateDatabase()}"]);
        Assert.Contains("History store: postgres", server.Process.Output, StringComparison.Ordinal);
        var (alice, bob) = await server.DemoClientsAsync(TimeSpan.FromSeconds(10));
        using var @operator = await Operator.SignInAsync(server);
        var before = await Audit.HoldingsAsync(@operator, alice, bob);
        var ledger = new Ledger();
        using var stop = new CancellationTokenSource();
        var load = new MixedLoad(ledger, alice, bob, Seed).RunAsync(stop.Token);
        await Eventually.UntilAsync(() => ledger.Acknowledged >= 30 || load.IsCompleted, () => $"30 acknowledged\n{server.Tail()}", TimeSpan.FromSeconds(90));

        postgres.Stop();
        // Counted at once: the projection holds 4,096 batches for the database and then, by design, makes the engine
        // wait rather than drop history (HistoryProjection), so trading goes on for a bounded outage, not for ever.
        var orders = ledger.Count("order") + 10;
        try
        {
            // Signing in reads the users table: "try again later", not a server error.
            var login = await Eventually.UntilAsync(() => alice.LoginAsync(), a => a.Status != 200, a => $"sign-in while the database is down: {a}");
            Assert.True(login.Status == 503, $"sign-in while the database is down: {login}");
            var history = await alice.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", "symbol=BTCUSDT&limit=10");
            Assert.True(history.Status == 503 && history.Code == -1008, $"history while the database is down: {history}");

            // Orders need neither: the engine logs them and the projection holds them until the database is back.
            await Eventually.UntilAsync(() => ledger.Count("order") >= orders || load.IsCompleted, () => $"{orders} orders with the database down\n{server.Tail()}",
                TimeSpan.FromSeconds(60));
        }
        finally
        {
            postgres.Start();
        }

        var acknowledged = ledger.Acknowledged + 30;
        await Eventually.UntilAsync(() => ledger.Acknowledged >= acknowledged || load.IsCompleted, () => $"{acknowledged} acknowledged\n{server.Tail()}",
            TimeSpan.FromSeconds(90));
        await stop.CancelAsync();
        await load;

        Assert.Equal(200, (await Audit.UntilAnsweredAsync(() => alice.LoginAsync(), "sign-in once the database is back")).Status);
        await Audit.ExactlyOnceAsync(ledger, alice, bob);
        Assert.Equal(before, await Audit.HoldingsAsync(@operator, alice, bob));
        Assert.Empty(server.ServerErrors);
        alice.Dispose();
        bob.Dispose();
    }
}
