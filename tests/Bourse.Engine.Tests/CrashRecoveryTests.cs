using System.Collections.Concurrent;
using System.Diagnostics;

using Bourse.Core.Commands;
using Bourse.Journal;

using Xunit.Abstractions;

namespace Bourse.Engine.Tests;

/// <summary>
/// A child process runs the engine on the real file log under load; the test kills it with SIGKILL at random moments
/// and checks, after every kill, that every acknowledged command is in the log exactly as acknowledged and that the
/// recovered state equals a clean replay of the log.
/// </summary>
public class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Kills = 24;

    [Fact]
    public async Task Every_acknowledged_command_survives_repeated_SIGKILL_and_recovery_equals_a_clean_replay()
    {
        using var directory = new TempDirectory();
        var random = new Random(20261123);
        var acknowledged = new SortedDictionary<long, string>();
        long totalAcks = 0;

        for (var run = 0; run < Kills; run++)
        {
            var (ready, acks) = await RunAndKill(directory.Path, run, TimeSpan.FromMilliseconds(random.Next(150, 900)));
            var previousMax = acknowledged.Count == 0 ? 0 : acknowledged.Keys.Last();
            Assert.True(ready >= previousMax, $"run {run}: recovered to {ready}, but {previousMax} had been acknowledged");
            foreach (var (sequence, tag) in acks)
            {
                Assert.True(acknowledged.TryAdd(sequence, tag), $"run {run}: sequence {sequence} acknowledged twice");
            }

            totalAcks += acks.Count;
            Assert.True(acks.Count > 0, $"run {run} acknowledged nothing before the kill");
            VerifyLog(directory.Path, acknowledged, run);
        }

        output.WriteLine($"{Kills} kills, {totalAcks} acknowledged commands, log ends at {acknowledged.Keys.Last()}");
    }

    /// <summary>Every acknowledged sequence holds the acknowledged command; recovery matches a clean replay.</summary>
    private static void VerifyLog(string dataDirectory, SortedDictionary<long, string> acknowledged, int run)
    {
        var engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = dataDirectory });
        var recoveredHash = engine.QueryAsync(core => core.ComputeStateHash()).GetAwaiter().GetResult();
        var lastSequence = engine.Recovery.LastSequence;
        engine.StopAsync().GetAwaiter().GetResult();
        Assert.True(lastSequence >= acknowledged.Keys.Last(), $"run {run}: log ends at {lastSequence}");

        using (var log = FileCommandLog.Open(new FileCommandLogOptions { Directory = Path.Combine(dataDirectory, "log") }))
        using (var cursor = log.ReadFrom(1))
        {
            var expected = 1L;
            while (cursor.MoveNext())
            {
                Assert.Equal(expected++, cursor.Sequence);
                if (acknowledged.TryGetValue(cursor.Sequence, out var tag) && tag != "-")
                {
                    var command = CommandCodec.Read(cursor.Payload, cursor.Sequence);
                    Assert.Equal(tag, command.ClientOrderId ?? command.Reference);
                }
            }

            Assert.Equal(lastSequence, expected - 1);
        }

        Assert.Equal(Fixtures.CleanReplayHash(dataDirectory), recoveredHash);
    }

    private static async Task<(long Ready, List<(long Sequence, string Tag)> Acks)> RunAndKill(string dataDirectory, int run, TimeSpan after)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "Bourse.Engine.CrashProbe.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [probe, dataDirectory, run.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var lines = new BlockingCollection<string>();
        var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("ack ", StringComparison.Ordinal))
                {
                    firstAck.TrySetResult();
                }
            }

            lines.CompleteAdding();
        });

        if (!lines.TryTake(out var first, TimeSpan.FromSeconds(60)) || !first.StartsWith("ready ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"probe did not start: {first} {await process.StandardError.ReadToEndAsync()}");
        }

        // Kill under load, not during start-up: a loaded machine can take a while to acknowledge the first command.
        await firstAck.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(after);
        process.Kill();
        await process.WaitForExitAsync();
        await reader;

        var acks = new List<(long, string)>();
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            // A line cut by the kill was never a complete acknowledgement.
            if (parts.Length == 3 && parts[0] == "ack" && long.TryParse(parts[1], out var sequence))
            {
                acks.Add((sequence, parts[2]));
            }
        }

        return (long.Parse(first[6..], System.Globalization.CultureInfo.InvariantCulture), acks);
    }
}
