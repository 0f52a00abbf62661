using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Engine;

// Runs an engine on a data directory under load until it is killed. Prints "ack <sequence> <tag>" for every command
// once the engine says it is durable, so the parent knows exactly what was acknowledged before the kill.
var dataDirectory = args[0];
var run = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = dataDirectory, SnapshotInterval = 5_000, MaxBatchSize = 256 });
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
var acks = new AckPrinter(output);
output.WriteLine($"ready {engine.Recovery.LastSequence}");
output.Flush();

var random = new Random(run);
if (engine.Recovery.LastSequence == 0)
{
    await engine.SubmitAsync(Command.CreateAsset(new AssetSpec(1, "BTC", 8)));
    await engine.SubmitAsync(Command.CreateAsset(new AssetSpec(2, "USDT", 8)));
    await engine.SubmitAsync(Command.CreateMarket(new MarketSpec(1, "BTCUSDT", 1, 2, 1_000_000, 1_000, 1_000, 100_000_000_000, 100_000_000)));
}

for (var i = 0; ; i++)
{
    var tag = $"r{run}-{i}";
    var user = random.Next(1, 20);
    var command = random.Next(10) switch
    {
        0 => Command.Deposit(user, random.Next(1, 3), random.NextInt64(1, 1_000_000_000_000), tag),
        < 7 => Command.Limit(user, 1, random.Next(2) == 0 ? Side.Buy : Side.Sell, 3_000_000_000_000 + (random.Next(-50, 50) * 1_000_000),
            random.Next(1, 1_000) * 1_000, clientOrderId: tag),
        < 9 => Command.Market(user, 1, random.Next(2) == 0 ? Side.Buy : Side.Sell, random.Next(1, 500) * 1_000, clientOrderId: tag),
        _ => Command.CancelAll(user, 1),
    };
    while (engine.Submit(in command, acks, i) == CommandStatus.Overloaded)
    {
        await Task.Delay(1);
    }

    if (i % 64 == 0)
    {
        await Task.Yield();
    }
}

/// <summary>Prints acknowledgements on the engine thread, flushing once per batch.</summary>
internal sealed class AckPrinter(StreamWriter output) : ICommandCompletion, IEventSubscriber
{
    public void Complete(in Command command, ReadOnlySpan<Event> events, long token)
    {
        output.Write("ack ");
        output.Write(command.Sequence);
        output.Write(' ');
        output.WriteLine(command.ClientOrderId ?? command.Reference ?? "-");
        // Flush per ack: the parent must see every acknowledgement that was made before the kill.
        output.Flush();
    }

    public void Fail(CommandStatus status, long token) => Environment.FailFast($"command failed: {status}");

    public void OnEvents(ReadOnlySpan<Event> events)
    {
    }
}
