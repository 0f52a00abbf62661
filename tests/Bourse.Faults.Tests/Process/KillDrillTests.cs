using Bourse.Faults.Tests.Drills;

namespace Bourse.Faults.Tests.Process;

/// <summary>
/// SIGKILL at seeded-random points while alice and bob trade, cancel, transfer, stake, unstake and convert, retrying
/// as careful clients do across each restart. After every restart nothing acknowledged is lost, nothing is done twice,
/// and the money is all there.
/// </summary>
public class KillDrillTests
{
    private const int Seed = 1401;
    private const int Rounds = 3;

    [Fact]
    public async Task Killed_at_random_points_under_mixed_load_the_server_loses_nothing_acknowledged_doubles_nothing_and_conserves_money()
    {
        var random = new Random(Seed);
        using var directory = new TempDirectory();
        await using var server = await DrillServer.StartAsync(directory.Path, DrillArguments.Demo);
        var (alice, bob) = await server.DemoClientsAsync(TimeSpan.FromSeconds(10));
        using var @operator = await Operator.SignInAsync(server);
        var before = await Audit.HoldingsAsync(@operator, alice, bob);
        var ledger = new Ledger();

        for (var round = 0; round < Rounds; round++)
        {
            using var stop = new CancellationTokenSource();
            var load = new MixedLoad(ledger, alice, bob, Seed * 10 + round).RunAsync(stop.Token);

            // A seeded point: after some number of acknowledgements, and a few milliseconds into whatever is in flight.
            var killAt = ledger.Acknowledged + random.Next(20, 80);
            await Eventually.UntilAsync(() => ledger.Acknowledged >= killAt || load.IsCompleted, () => $"{killAt} acknowledged\n{server.Tail()}",
                TimeSpan.FromSeconds(90));
            await Task.Delay(random.Next(0, 40));
            await server.KillAndRestartAsync();

            // The clients carry on against the new process and settle what was in flight, then go quiet for the audit.
            var resumed = ledger.Acknowledged + 20;
            await Eventually.UntilAsync(() => ledger.Acknowledged >= resumed || load.IsCompleted, () => $"{resumed} acknowledged after restart {round + 1}\n{server.Tail()}",
                TimeSpan.FromSeconds(90));
            await stop.CancelAsync();
            await load;

            await Audit.ExactlyOnceAsync(ledger, alice, bob);
            Assert.Equal(before, await Audit.HoldingsAsync(@operator, alice, bob));
        }

        Assert.Empty(server.ServerErrors);
        Assert.All(new[] { "order", "cancel", "transfer_out", "stake", "convert" }, kind => Assert.True(ledger.Count(kind) > 0, $"no {kind} acknowledged"));
        alice.Dispose();
        bob.Dispose();
    }
}
