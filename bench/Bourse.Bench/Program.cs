using BenchmarkDotNet.Running;

using Bourse.Bench;
using Bourse.Bench.Load;

return args.FirstOrDefault() switch
{
    "engine" => EngineBenchmark.Run(BenchArguments.Parse(args.Skip(1).ToArray())),
    "micro" => RunMicro(args.Skip(1).ToArray()),
    "load" => await LoadBenchmark.RunAsync(LoadArguments.Parse(args.Skip(1).ToArray())),
    "fanout" => FanoutBenchmark.Run(FanoutArguments.Parse(args.Skip(1).ToArray())),
    "accounts" => await AccountsBenchmark.RunAsync(args.Skip(1).ToArray()),
    "convert" => await ConvertBenchmark.RunAsync(args.Skip(1).ToArray()),
    "portfolio" => await PortfolioBenchmark.RunAsync(args.Skip(1).ToArray()),
    "volume" => await VolumeBenchmark.RunAsync(args.Skip(1).ToArray()),
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
               Bourse.Bench load [--rate N] [--connections N] [--seconds N] [--warmup N] [--server bourse.dll | --url U --data-dir D] [--json]
               Bourse.Bench fanout [--subscribers N] [--trades N] [--seconds N] [--warmup N] [--url U --data-dir D] [--json]
               Bourse.Bench accounts [--users N] [--seconds N] [--connections N]
               Bourse.Bench convert [--converts N] [--seconds N] [--connections N]
               Bourse.Bench portfolio [--fills N] [--parallel N] [--seconds N] [--connections N] [--server bourse.dll]
               Bourse.Bench volume [--fills N] [--repeat N] [--parallel N] [--seconds N] [--connections N] [--server bourse.dll]
          engine            in memory, one thread: throughput, latency at --rate offered, allocation per command
          engine --journal  through the engine loop with the file command log and group commit
          engine --replay   recovery speed: replay a command log into a fresh core
          load              signed orders over keep-alive HTTP against the real server (bourse.dll next to this program,
                            or --server PATH): orders/s and latency percentiles;
                            --rate 0 is closed loop (throughput), --rate N open loop (latency at N orders/s offered)
          fanout            market streams: N WebSocket subscribers on depth@100ms and trade, trades driven by REST
                            orders; delivered messages/s and delivery lag (needs ulimit -n above N + 500)
          accounts          platform API identity: sign-up and sign-in latency, bearer-authenticated requests/s
                            next to an unauthenticated endpoint
          convert           platform API convert with the market maker on: quote and accept latency, quotes/s
          portfolio         a user with N fills: PnL latency in the fills' quote (USDT) and through a price route (BTC),
                            first and again; another user's order latency while N clients keep asking for that PnL
          volume            a user with 100k fills, 1,000 open orders and 30 API keys: every read whose cost grows with
                            a user's data, held against its budget; another user's orders while N clients cycle through
                            them (exit code 1 when a budget is missed)
        """);
    return 2;
}
