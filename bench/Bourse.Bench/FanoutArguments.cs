using System.Globalization;

namespace Bourse.Bench;

/// <summary>Options of <c>fanout</c>: subscribers, offered trade rate, measured seconds, and an optional running server.</summary>
public sealed record FanoutArguments(int Subscribers, int TradesPerSecond, int Seconds, int WarmupSeconds, Uri? Url, string? DataDirectory, bool Json)
{
    public static FanoutArguments Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        return new FanoutArguments(
            Subscribers: int.Parse(Value("--subscribers") ?? "10000", CultureInfo.InvariantCulture),
            TradesPerSecond: int.Parse(Value("--trades") ?? "200", CultureInfo.InvariantCulture),
            Seconds: int.Parse(Value("--seconds") ?? "30", CultureInfo.InvariantCulture),
            WarmupSeconds: int.Parse(Value("--warmup") ?? "5", CultureInfo.InvariantCulture),
            Url: Value("--url") is { } url ? new Uri(url) : null,
            DataDirectory: Value("--data-dir"),
            Json: args.Contains("--json"));
    }
}
