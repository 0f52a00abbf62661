using Bourse.Faults.Tests.Drills;

namespace Bourse.Faults.Tests.Process;

/// <summary>
/// SIGSTOP for longer than the clients wait, then SIGCONT: the clients time out and ask again, the server works off
/// what queued up while it was frozen, and nothing is done twice.
/// </summary>
public class PauseDrillTests
{
    private const int Seed = 1402;

    [Fact]
    public async Task Paused_for_longer_than_the_clients_wait_the_server_then_serves_again_and_nothing_is_done_twice()
    {
        using var directory = new TempDirectory();
        await using var server = await DrillServer.StartAsync(directory.Path, DrillArguments.Demo);
        var timeout = TimeSpan.FromMilliseconds(400);
        var (alice, bob) = await server.DemoClientsAsync(TimeSpan.FromSeconds(10));
        using var impatientAlice = alice.WithTimeout(timeout);
        using var impatientBob = bob.WithTimeout(timeout);
        using var @operator = await Operator.SignInAsync(server);
        using var probe = new DrillClient(server, timeout);
        var before = await Audit.HoldingsAsync(@operator, alice, bob);
        var ledger = new Ledger();
        using var stop = new CancellationTokenSource();
        var load = new MixedLoad(ledger, impatientAlice, impatientBob, Seed).RunAsync(stop.Token);
        await Eventually.UntilAsync(() => ledger.Acknowledged >= 30 || load.IsCompleted, () => $"30 acknowledged\n{server.Tail()}", TimeSpan.FromSeconds(90));

        await server.Process.SignalAsync("STOP");
        var lostBefore = server.LostAnswers;
        var acknowledgedBefore = ledger.Acknowledged;
        try
        {
            // Every worker has timed out at least once: the pause outlasted the clients' patience.
            await Eventually.UntilAsync(() => server.LostAnswers >= lostBefore + 8, () => $"clients timed out ({server.LostAnswers - lostBefore})");
            // A frozen process cannot say it is healthy: its health check goes unanswered, as its clients' requests do.
            Assert.True((await probe.PublicAsync(HttpMethod.Get, "/health/live")).IsLost);
        }
        finally
        {
            await server.Process.SignalAsync("CONT");
        }

        await Eventually.UntilAsync(() => ledger.Acknowledged >= acknowledgedBefore + 40 || load.IsCompleted,
            () => $"{acknowledgedBefore + 40} acknowledged after the pause\n{server.Tail()}", TimeSpan.FromSeconds(90));
        await stop.CancelAsync();
        await load;

        Assert.Equal(200, (await Audit.UntilAnsweredAsync(() => probe.PublicAsync(HttpMethod.Get, "/health/live"), "live")).Status);
        Assert.Equal(200, (await Audit.UntilAnsweredAsync(() => probe.PublicAsync(HttpMethod.Get, "/health/ready"), "ready")).Status);
        await Audit.ExactlyOnceAsync(ledger, alice, bob);
        Assert.Equal(before, await Audit.HoldingsAsync(@operator, alice, bob));
        Assert.Empty(server.ServerErrors);
        alice.Dispose();
        bob.Dispose();
    }
}
