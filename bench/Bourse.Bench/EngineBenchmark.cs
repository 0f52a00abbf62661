using System.Diagnostics;
using System.Text.Json;

using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Engine;
using Bourse.Journal;

using HdrHistogram;

namespace Bourse.Bench;

/// <summary>The throughput / latency harness for the core and the engine loop.</summary>
public static class EngineBenchmark
{
    private const int WarmupCommands = 500_000;

    public static int Run(BenchArguments args)
    {
        var result = args.Mode switch
        {
            "memory" => InMemory(args),
            "journal" => Journaled(args),
            _ => Replay(args),
        };

        foreach (var (key, value) in result)
        {
            Console.WriteLine($"{key,-26} {value}");
        }

        if (args.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
        }

        return 0;
    }

    /// <summary>One thread applying commands straight to the core, as the engine thread does.</summary>
    private static Dictionary<string, object> InMemory(BenchArguments args)
    {
        var flow = new OrderFlow(args.Seed);
        var core = new ExchangeCore();
        var events = new EventBuffer(1 << 16);
        long sequence = 0;
        foreach (var command in flow.Setup())
        {
            core.Apply(command.At(++sequence, 0), events);
            events.Clear();
        }

        // Warm up the JIT and the pools on the same market state the measurement continues from.
        sequence = ApplyAll(core, flow.Generate(WarmupCommands, sequence + 1), sequence, events, out _);

        var throughputRun = flow.Generate(args.Commands, sequence + 1);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var gcBefore = GC.CollectionCount(0);
        var stopwatch = Stopwatch.StartNew();
        sequence = ApplyAll(core, throughputRun, sequence, events, out var trades);
        var elapsed = stopwatch.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var collections = GC.CollectionCount(0) - gcBefore;

        // Latency with commands arriving at the offered rate; measured from when each was due, so a stall counts
        // against every command that queued behind it.
        var latencyRun = flow.Generate(args.Commands, sequence + 1);
        var histogram = new LongHistogram(TimeStamp.Seconds(10), 3);
        var interval = (double)Stopwatch.Frequency / args.Rate;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < latencyRun.Length; i++)
        {
            var due = start + (long)(i * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.SpinWait(1);
            }

            core.Apply(latencyRun[i].At(++sequence, 0), events);
            histogram.RecordValue(Stopwatch.GetTimestamp() - due);
            if ((i & 255) == 255)
            {
                events.Clear();
            }
        }

        return new Dictionary<string, object>
        {
            ["mode"] = "memory",
            ["commands"] = args.Commands,
            ["commandsPerSecond"] = Math.Round(args.Commands / elapsed.TotalSeconds),
            ["offeredPerSecond"] = args.Rate,
            ["p50Micros"] = Micros(histogram, 50),
            ["p99Micros"] = Micros(histogram, 99),
            ["p999Micros"] = Micros(histogram, 99.9),
            ["allocatedBytesPerCommand"] = Math.Round((double)allocated / args.Commands, 3),
            ["gen0Collections"] = collections,
            ["tradesPerCommand"] = Math.Round((double)trades / args.Commands, 3),
            ["openOrders"] = core.OpenOrderCount,
            ["priceLevels"] = core.Markets.Sum(m => m.Bids.LevelCount + m.Asks.LevelCount),
        };
    }

    private static long ApplyAll(ExchangeCore core, Command[] commands, long sequence, EventBuffer events, out long trades)
    {
        trades = 0;
        for (var i = 0; i < commands.Length; i++)
        {
            core.Apply(commands[i].At(++sequence, 0), events);
            if ((i & 255) == 255)
            {
                foreach (ref readonly var e in events.Events)
                {
                    trades += e.Type == EventType.Trade ? 1 : 0;
                }

                events.Clear();
            }
        }

        events.Clear();
        return sequence;
    }

    /// <summary>Through the engine loop: one producer, the file log with group commit, completion callbacks.</summary>
    private static Dictionary<string, object> Journaled(BenchArguments args)
    {
        var directory = Directory.CreateTempSubdirectory("bourse-bench-");
        try
        {
            var options = new EngineOptions
            {
                DataDirectory = directory.FullName,
                Fsync = args.Fsync ? FsyncPolicy.EveryBatch : FsyncPolicy.Never,
                SnapshotInterval = 0,
            };
            var (elapsed, histogram, sequence, batches) = Ingest(options, args, new OrderFlow(args.Seed), args.Commands);
            return new Dictionary<string, object>
            {
                ["mode"] = "journal",
                ["fsync"] = options.Fsync.ToString(),
                ["commands"] = args.Commands,
                ["commandsPerSecond"] = Math.Round(args.Commands / elapsed.TotalSeconds),
                ["p50Micros"] = Micros(histogram, 50),
                ["p99Micros"] = Micros(histogram, 99),
                ["p999Micros"] = Micros(histogram, 99.9),
                ["allocatedBytesPerCommand"] = -1,
                ["logBytesPerCommand"] = Math.Round((double)DirectorySize(options.LogDirectory) / sequence, 1),
                ["commandsPerBatch"] = Math.Round((double)sequence / batches),
            };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Feeds setup plus <paramref name="count"/> flow commands through a fresh engine; returns the timed part.</summary>
    private static (TimeSpan Elapsed, LongHistogram Latency, long LastSequence, long Batches) Ingest(EngineOptions options, BenchArguments args,
        OrderFlow flow, int count)
    {
        var engine = ExchangeEngine.Start(options);
        long sequence = 0;
        foreach (var command in flow.Setup())
        {
            sequence++;
            Submit(engine, command, NoCompletion.Instance, 0);
        }

        sequence = engine.QueryAsync(core => core.LastSequence).GetAwaiter().GetResult();
        var commands = flow.Generate(count, sequence + 1);
        var completion = new LatencyCompletion(count);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < commands.Length; i++)
        {
            completion.Submitted[i] = Stopwatch.GetTimestamp();
            Submit(engine, commands[i], completion, i);
        }

        completion.Done.Wait();
        var elapsed = stopwatch.Elapsed;
        engine.StopAsync().GetAwaiter().GetResult();
        return (elapsed, completion.Histogram, sequence + count, engine.BatchesWritten);
    }

    private static void Submit(ExchangeEngine engine, in Command command, ICommandCompletion completion, long token)
    {
        // A full queue is the engine pushing back: wait for room, as a well-behaved client would — sleeping, not
        // spinning, so the engine and journal threads keep the machine's two cores.
        while (engine.Submit(in command, completion, token) == CommandStatus.Overloaded)
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>Recovery speed: replays a log of setup plus the flow into a fresh core.</summary>
    private static Dictionary<string, object> Replay(BenchArguments args)
    {
        var directory = Directory.CreateTempSubdirectory("bourse-bench-");
        try
        {
            var options = new EngineOptions { DataDirectory = directory.FullName, Fsync = FsyncPolicy.Never, SnapshotInterval = 0 };
            Ingest(options, args, new OrderFlow(args.Seed), args.Commands);

            var runs = new List<double>();
            long replayed = 0;
            for (var run = 0; run < 3; run++)
            {
                using var log = FileCommandLog.Open(new FileCommandLogOptions { Directory = options.LogDirectory });
                var core = new ExchangeCore();
                var stopwatch = Stopwatch.StartNew();
                replayed = ExchangeEngine.Replay(core, log);
                runs.Add(replayed / stopwatch.Elapsed.TotalSeconds);
            }

            runs.Sort();
            return new Dictionary<string, object>
            {
                ["mode"] = "replay",
                ["commands"] = replayed,
                ["commandsPerSecond"] = Math.Round(runs[1]),
                ["runs"] = string.Join(" ", runs.Select(r => Math.Round(r).ToString(System.Globalization.CultureInfo.InvariantCulture))),
                ["p50Micros"] = -1,
                ["p99Micros"] = -1,
                ["p999Micros"] = -1,
                ["allocatedBytesPerCommand"] = -1,
            };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static double Micros(LongHistogram histogram, double percentile) =>
        Math.Round(histogram.GetValueAtPercentile(percentile) * 1_000_000.0 / Stopwatch.Frequency, 2);

    private static long DirectorySize(string path) => new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length);

    private sealed class NoCompletion : ICommandCompletion
    {
        public static readonly NoCompletion Instance = new();

        public void Complete(in Command command, ReadOnlySpan<Event> events, long token)
        {
        }

        public void Fail(CommandStatus status, long token) => throw new InvalidOperationException($"Setup command failed: {status}");
    }

    /// <summary>Records submit-to-durable-and-applied latency on the engine thread.</summary>
    private sealed class LatencyCompletion(int count) : ICommandCompletion
    {
        private int _remaining = count;

        public long[] Submitted { get; } = new long[count];

        public LongHistogram Histogram { get; } = new(TimeStamp.Seconds(60), 3);

        public ManualResetEventSlim Done { get; } = new();

        public void Complete(in Command command, ReadOnlySpan<Event> events, long token)
        {
            Histogram.RecordValue(Stopwatch.GetTimestamp() - Submitted[token]);
            if (--_remaining == 0)
            {
                Done.Set();
            }
        }

        public void Fail(CommandStatus status, long token) => throw new InvalidOperationException($"Command failed: {status}");
    }
}
