using System.Globalization;

namespace Bourse.Bench.Load;

/// <summary>Options of the <c>load</c> command: where the server is, how hard to push, for how long.</summary>
public sealed record LoadArguments(string? Url, string? DataDirectory, string ServerDll, int Connections, long Rate, TimeSpan Duration, TimeSpan Warmup, bool Json)
{
    public static LoadArguments Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var invariant = CultureInfo.InvariantCulture;
        return new LoadArguments(
            Url: Value("--url"),
            DataDirectory: Value("--data-dir"),
            ServerDll: Value("--server") ?? BenchServer.DefaultServerDll,
            Connections: int.Parse(Value("--connections") ?? "64", invariant),
            Rate: long.Parse(Value("--rate") ?? "0", invariant),
            Duration: TimeSpan.FromSeconds(double.Parse(Value("--seconds") ?? "20", invariant)),
            Warmup: TimeSpan.FromSeconds(double.Parse(Value("--warmup") ?? "5", invariant)),
            Json: args.Contains("--json"));
    }
}
