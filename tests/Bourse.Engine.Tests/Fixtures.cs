using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.Journal;

namespace Bourse.Engine.Tests;

internal static class Fixtures
{
    public const long Unit = 100_000_000;

    public static IEnumerable<Command> Market()
    {
        yield return Command.CreateAsset(new AssetSpec(1, "BTC", 8));
        yield return Command.CreateAsset(new AssetSpec(2, "USDT", 8));
        yield return Command.CreateMarket(new MarketSpec(1, "BTCUSDT", 1, 2, Unit / 100, 1_000, 1_000, 1_000 * Unit, Unit));
    }

    /// <summary>A deterministic mix of deposits, resting and crossing orders and cancels.</summary>
    public static IEnumerable<Command> Trading(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var user = random.Next(1, 8);
            yield return random.Next(10) switch
            {
                0 => Command.Deposit(user, random.Next(1, 3), random.NextInt64(Unit, 1_000_000 * Unit), $"d{seed}-{i}"),
                < 8 => Command.Limit(user, 1, random.Next(2) == 0 ? Side.Buy : Side.Sell, (30_000 + random.Next(-20, 20)) * Unit,
                    random.Next(1, 100) * 1_000),
                _ => Command.CancelAll(user, 1),
            };
        }
    }

    /// <summary>The state hash of a fresh core that replays the whole log: the reference for any recovery.</summary>
    public static string CleanReplayHash(string dataDirectory)
    {
        using var log = FileCommandLog.Open(new FileCommandLogOptions { Directory = Path.Combine(dataDirectory, "log") });
        var core = new ExchangeCore();
        ExchangeEngine.Replay(core, log);
        return core.ComputeStateHash();
    }
}
