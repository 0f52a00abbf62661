namespace Bourse.Bench;

public sealed record BenchArguments(bool Journal, bool Replay, int Commands, long Rate, int Seed, bool Fsync, bool Json)
{
    public string Mode => Replay ? "replay" : Journal ? "journal" : "memory";

    public static BenchArguments Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        return new BenchArguments(
            Journal: args.Contains("--journal"),
            Replay: args.Contains("--replay"),
            Commands: int.Parse(Value("--commands") ?? "2000000", System.Globalization.CultureInfo.InvariantCulture),
            Rate: long.Parse(Value("--rate") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture),
            Seed: int.Parse(Value("--seed") ?? "42", System.Globalization.CultureInfo.InvariantCulture),
            Fsync: !args.Contains("--no-fsync"),
            Json: args.Contains("--json"));
    }
}
