using Bourse.Core.Commands;
using Bourse.Core.Events;
using Xunit.Abstractions;

namespace Bourse.Core.Tests;

/// <summary>
/// Long seeded random command sequences, with every invariant checked after every command. A failure names the
/// seed and the step, which replays it exactly.
/// </summary>
public class RandomizedInvariantTests(ITestOutputHelper output)
{
    private const int Steps = 20_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20261123)]
    public void Invariants_hold_after_every_command_of_a_long_random_sequence(int seed)
    {
        var core = new ExchangeCore();
        var buffer = new EventBuffer();
        var netDeposits = new Dictionary<int, long>();
        long sequence = 0;
        foreach (var setup in RandomFlow.Setup(listing: true))
        {
            core.Apply(setup.At(++sequence, sequence), buffer);
        }

        var mirror = new BookMirror();
        var flow = new RandomFlow(seed, listing: true);
        var trades = 0;
        var rejections = 0;
        var reasons = new Dictionary<Model.RejectReason, int>();
        for (var step = 0; step < Steps; step++)
        {
            var command = flow.Next(sequence).At(++sequence, 1_700_000_000_000 + sequence);
            buffer.Clear();
            var hashBefore = step % 10 == 0 ? core.ComputeStateHash() : null;
            core.Apply(command, buffer);

            var events = buffer.Events;
            foreach (ref readonly var e in events)
            {
                Invariants.TrackSupply(netDeposits, in e);
                if (e.Type == EventType.Trade)
                {
                    trades++;
                }
            }

            var rejected = events.Length == 1 && events[0].Type is EventType.OrderRejected or EventType.CommandRejected;
            if (rejected)
            {
                rejections++;
                reasons[events[0].Reason] = reasons.GetValueOrDefault(events[0].Reason) + 1;
                if (hashBefore is not null)
                {
                    Assert.Equal(hashBefore, core.ComputeStateHash());
                }
            }

            try
            {
                Invariants.Check(core, netDeposits);
                Invariants.CheckFillOrder(events);
                mirror.Apply(events);
                mirror.AssertMatches(core);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"seed {seed}, step {step}, command {command.Type} #{command.Sequence}: {ex.Message}", ex);
            }
        }

        output.WriteLine($"seed {seed}: {trades} trades, {rejections} rejections, {core.OpenOrderCount} open orders");
        output.WriteLine(string.Join(", ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")));
        // The flow must exercise the engine, not just bounce off validation.
        Assert.True(trades > Steps / 20, $"only {trades} trades");
        Assert.True(core.OpenOrderCount > 10);
    }
}
