using Bourse.Core.Commands;
using Bourse.Core.Events;

namespace Bourse.Core.Tests;

/// <summary>The same commands always give the same events and state, whether run straight or resumed from a snapshot.</summary>
public class DeterminismTests
{
    private const int Steps = 15_000;

    private static List<Command> Commands(int seed)
    {
        var commands = new List<Command>();
        long sequence = 0;
        foreach (var setup in RandomFlow.Setup(listing: true))
        {
            commands.Add(setup.At(++sequence, sequence));
        }

        var flow = new RandomFlow(seed, listing: true);
        for (var i = 0; i < Steps; i++)
        {
            commands.Add(flow.Next(sequence).At(++sequence, 1_700_000_000_000 + sequence));
        }

        return commands;
    }

    /// <summary>Runs commands[from..] on <paramref name="core"/>, digesting events; returns the core's state hash.</summary>
    private static string Run(ExchangeCore core, List<Command> commands, int from, int to, EventDigest digest)
    {
        var buffer = new EventBuffer();
        for (var i = from; i < to; i++)
        {
            buffer.Clear();
            core.Apply(commands[i], buffer);
            digest.Add(buffer.Events);
        }

        return core.ComputeStateHash();
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void Two_runs_of_the_same_commands_give_identical_events_and_state(int seed)
    {
        var commands = Commands(seed);
        using var first = new EventDigest();
        using var second = new EventDigest();

        var hash1 = Run(new ExchangeCore(), commands, 0, commands.Count, first);
        var hash2 = Run(new ExchangeCore(), commands, 0, commands.Count, second);

        Assert.Equal(hash1, hash2);
        Assert.Equal(first.Finish(), second.Finish());
        Assert.True(first.Count > Steps);
    }

    [Theory]
    [InlineData(7, 4_000)]
    [InlineData(9, 11_111)]
    public void Restoring_a_snapshot_and_continuing_gives_what_running_straight_through_gives(int seed, int snapshotAt)
    {
        var commands = Commands(seed);
        using var straight = new EventDigest();
        using var resumedHead = new EventDigest();
        using var straightTail = new EventDigest();
        using var resumedTail = new EventDigest();

        var straightCore = new ExchangeCore();
        Run(straightCore, commands, 0, snapshotAt, straight);
        var straightHash = Run(straightCore, commands, snapshotAt, commands.Count, straightTail);

        var before = new ExchangeCore();
        var hashAtSnapshot = Run(before, commands, 0, snapshotAt, resumedHead);
        var snapshot = before.SaveSnapshot();
        var restored = ExchangeCore.LoadSnapshot(snapshot);
        Assert.Equal(hashAtSnapshot, restored.ComputeStateHash());
        Assert.Equal(before.LastSequence, restored.LastSequence);
        Assert.Equal(snapshot, restored.SaveSnapshot());

        var resumedHash = Run(restored, commands, snapshotAt, commands.Count, resumedTail);

        Assert.Equal(straightHash, resumedHash);
        Assert.Equal(straightTail.Finish(), resumedTail.Finish());
    }

    [Fact]
    public void A_command_that_does_not_follow_the_last_sequence_is_refused()
    {
        var core = new ExchangeCore();
        var buffer = new EventBuffer();
        core.Apply(Command.CreateAsset(new AssetSpec(1, "BTC", 8)).At(5, 0), buffer);

        Assert.Throws<InvalidOperationException>(() => core.Apply(Command.CreateAsset(new AssetSpec(2, "ETH", 8)).At(5, 0), buffer));
    }
}
