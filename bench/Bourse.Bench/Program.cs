using BenchmarkDotNet.Running;

using Bourse.Bench;

return args.FirstOrDefault() switch
{
    "engine" => EngineBenchmark.Run(BenchArguments.Parse(args.Skip(1).ToArray())),
    "micro" => RunMicro(args.Skip(1).ToArray()),
    "fanout" => FanoutBenchmark.Run(FanoutArguments.Parse(args.Skip(1).ToArray())),
    _ => Usage(),
};

static int RunMicro(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmark).Assembly).Run(rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Bourse.Bench engine [--journal] [--replay] [--commands N] [--rate N] [--seed N] [--no-fsync] [--json]
               Bourse.Bench micro [BenchmarkDotNet arguments, e.g. --filter *]
               Bourse.Bench fanout [--subscribers N] [--trades N] [--seconds N] [--warmup N] [--url U --data-dir D] [--json]
          engine            in memory, one thread: throughput, latency at --rate offered, allocation per command
          engine --journal  through the engine loop with the file command log and group commit
          engine --replay   recovery speed: replay a command log into a fresh core
          fanout            market streams: N WebSocket subscribers on depth@100ms and trade, trades driven by REST
                            orders; delivered messages/s and delivery lag (needs ulimit -n above N + 500)
        """);
    return 2;
}
