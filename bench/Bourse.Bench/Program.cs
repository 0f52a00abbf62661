using BenchmarkDotNet.Running;

using Bourse.Bench;

return args.FirstOrDefault() switch
{
    "engine" => EngineBenchmark.Run(BenchArguments.Parse(args.Skip(1).ToArray())),
    "micro" => RunMicro(args.Skip(1).ToArray()),
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
          engine            in memory, one thread: throughput, latency at --rate offered, allocation per command
          engine --journal  through the engine loop with the file command log and group commit
          engine --replay   recovery speed: replay a command log into a fresh core
        """);
    return 2;
}
