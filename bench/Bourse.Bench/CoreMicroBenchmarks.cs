using BenchmarkDotNet.Attributes;
using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Bench;

/// <summary>
/// The core's unit operations in isolation, with BenchmarkDotNet's allocation counter: each must report 0 B.
/// Run: dotnet run -c Release --project bench/Bourse.Bench -- micro --filter '*CoreMicro*'
/// </summary>
[MemoryDiagnoser]
public class CoreMicroBenchmarks
{
    private const long Unit = 100_000_000;
    private readonly EventBuffer _events = new(1 << 16);
    private ExchangeCore _core = null!;
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _core = new ExchangeCore();
        Apply(Command.CreateAsset(new AssetSpec(1, "BTC", 8)));
        Apply(Command.CreateAsset(new AssetSpec(2, "USDT", 8)));
        Apply(Command.CreateMarket(new MarketSpec(1, "BTCUSDT", 1, 2, Unit / 100, 1_000, 1_000, 1_000 * Unit, Unit)));
        for (var user = 1; user <= 4; user++)
        {
            Apply(Command.Deposit(user, 1, 1_000_000 * Unit, $"b{user}"));
            Apply(Command.Deposit(user, 2, 1_000_000_000 * Unit, $"q{user}"));
        }

        // A book a few levels deep on both sides.
        for (var level = 1; level <= 20; level++)
        {
            Apply(Command.Limit(3, 1, Side.Buy, (30_000 * Unit) - (level * Unit), 100_000));
            Apply(Command.Limit(4, 1, Side.Sell, (30_000 * Unit) + (level * Unit), 100_000));
        }
    }

    private void Apply(in Command command)
    {
        _core.Apply(command.At(++_sequence, 0), _events);
        if (_events.Count > 30_000)
        {
            _events.Clear();
        }
    }

    /// <summary>A passive limit order rests, then is canceled: two commands.</summary>
    [Benchmark]
    public void Place_and_cancel_a_resting_order()
    {
        Apply(Command.Limit(1, 1, Side.Buy, 29_990 * Unit, 10_000));
        Apply(Command.Cancel(1, 1, _sequence));
    }

    /// <summary>A maker rests and a taker fills it completely: two commands, one trade with fees.</summary>
    [Benchmark]
    public void Maker_then_taker_trade()
    {
        Apply(Command.Limit(1, 1, Side.Sell, 30_000 * Unit, 10_000));
        Apply(Command.Limit(2, 1, Side.Buy, 30_000 * Unit, 10_000, TimeInForce.Ioc));
    }

    /// <summary>An order the filters refuse: the cost of saying no.</summary>
    [Benchmark]
    public void Rejected_order()
    {
        Apply(Command.Limit(1, 1, Side.Buy, (30_000 * Unit) + 1, 10_000));
    }
}
