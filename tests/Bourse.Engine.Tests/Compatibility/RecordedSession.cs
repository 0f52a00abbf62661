using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Bourse.Core;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Journal;

namespace Bourse.Engine.Tests.Compatibility;

/// <summary>
/// A scripted, seeded session that drives a real engine (file log, snapshot store) through every command type: the
/// first round, a snapshot (the engine's graceful stop), then a second round logged after it by an engine that writes
/// no snapshot, so recovery needs both the snapshot and the log tail. Its files are checked in (see
/// <see cref="RecordedSessionTests"/>) so that a change to the core, the command codec or the snapshot format which
/// cannot read what today's code wrote, or reaches a different state from it, fails a test.
/// </summary>
internal static class RecordedSession
{
    public const long Unit = 100_000_000;
    private const int Btc = 1, Usdt = 2, Eth = 3, Sol = 4;
    private const int BtcUsdt = 1, EthUsdt = 2, EthBtc = 3, SolUsdt = 4;
    private const long DayMs = 86_400_000;
    private const long HourMs = 3_600_000;
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

    /// <summary>Small segments, so the log spans several files as a long-lived one does.</summary>
    public static EngineOptions Options(string dataDirectory) =>
        new() { DataDirectory = dataDirectory, SnapshotInterval = 0, SegmentBytes = 4 * 1024 };

    /// <summary>Runs the session into an empty data directory and returns what it recorded.</summary>
    public static async Task<SessionRecord> RunAsync(string dataDirectory)
    {
        var clock = new SteppingClock(Start);
        var digest = new EventDigest();
        var coverage = new SortedSet<string>(StringComparer.Ordinal);
        var options = Options(dataDirectory);

        var first = ExchangeEngine.Start(options, clock);
        var script = new Script(first, clock, digest, coverage);
        await script.SetUpAsync();
        await script.RoundAsync(1);
        var snapshotSequence = await first.QueryAsync(core => core.LastSequence);
        var snapshotHash = await first.QueryAsync(core => core.ComputeStateHash());
        await first.StopAsync();

        // The second engine recovers from the snapshot, then logs without ever writing one.
        if (!new SnapshotStore(options.SnapshotDirectory).TryLoadLatest(out _, out var state))
        {
            throw new InvalidOperationException("The first engine wrote no snapshot at its stop.");
        }

        var core = ExchangeCore.LoadSnapshot(state, options.Core);
        var log = FileCommandLog.Open(new FileCommandLogOptions { Directory = options.LogDirectory, SegmentBytes = options.SegmentBytes });
        ExchangeEngine.Replay(core, log);
        var second = new ExchangeEngine(core, log, snapshots: null, options, clock);
        script = new Script(second, clock, digest, coverage);
        await script.RoundAsync(2);
        var finalSequence = await second.QueryAsync(c => c.LastSequence);
        var finalHash = await second.QueryAsync(c => c.ComputeStateHash());
        await second.StopAsync();

        return new SessionRecord(snapshotSequence, snapshotHash, finalSequence, finalHash, digest.Finish(), digest.Count,
            coverage);
    }

    private sealed class Script(ExchangeEngine engine, SteppingClock clock, EventDigest digest, SortedSet<string> coverage)
    {
        private readonly Random _random = new(20261207);

        public async Task SetUpAsync()
        {
            await Submit(Command.CreateAsset(new AssetSpec(Btc, "BTC", 8)));
            await Submit(Command.CreateAsset(new AssetSpec(Usdt, "USDT", 8)));
            await Submit(Command.CreateAsset(new AssetSpec(Eth, "ETH", 8)));
            await Submit(Command.CreateMarket(new MarketSpec(BtcUsdt, "BTCUSDT", Btc, Usdt, Unit / 100, 1_000, 1_000, 1_000 * Unit, Unit)));
            await Submit(Command.CreateMarket(new MarketSpec(EthUsdt, "ETHUSDT", Eth, Usdt, Unit / 100, 1_000, 1_000, 1_000 * Unit, Unit)));
            await Submit(Command.CreateMarket(new MarketSpec(EthBtc, "ETHBTC", Eth, Btc, 1_000, 100_000, 100_000, 1_000 * Unit, 10_000)));
            await Submit(Command.UpdateMarket(new MarketSpec(BtcUsdt, "BTCUSDT", Btc, Usdt, Unit / 100, 1_000, 1_000, 1_000 * Unit, Unit / 2)));
            await Submit(Command.SetFeeTier(1, 500, 800));
            await Submit(Command.SetFeeTier(2, 0, 200));
            await Submit(Command.SetUserFeeTier(3, 1));
            await Submit(Command.SetUserFeeTier(4, 2));
            await Submit(Command.SetUserFeeTier(5, 7)); // unknown tier: refused
            await Submit(Command.SetStakingProduct(Eth, 50_000, Unit / 100, HourMs, DayMs));
        }

        public async Task RoundAsync(int round)
        {
            if (round == 2)
            {
                await Submit(Command.CreateAsset(new AssetSpec(Sol, "SOL", 8)));
                await Submit(Command.CreateMarket(new MarketSpec(SolUsdt, "SOLUSDT", Sol, Usdt, Unit / 100, 1_000, 1_000, 1_000 * Unit, Unit)));
                await Submit(Command.SetStakingProduct(Eth, 60_000, Unit / 50, 2 * HourMs, DayMs));
                await Submit(Command.SetFeeTier(1, 400, 700));
            }

            await LedgerAsync(round);
            await TradingAsync(round);
            await SelfTradePreventionAsync(round);
            await CancellationAsync(round);
            await ConvertAsync(round);
            await StakingAsync(round);
            await MarketStatusAsync(round);
        }

        private async Task LedgerAsync(int round)
        {
            for (var user = 1; user <= 6; user++)
            {
                await Submit(Command.Deposit(user, Btc, 100 * Unit, $"dep-{round}-{user}-btc"));
                await Submit(Command.Deposit(user, Usdt, 5_000_000 * Unit, $"dep-{round}-{user}-usdt"));
                await Submit(Command.Deposit(user, Eth, 1_000 * Unit, $"dep-{round}-{user}-eth"));
            }

            await Submit(Command.Deposit(SystemAccounts.StakingRewards, Eth, 100 * Unit, $"dep-{round}-rewards"));
            await Submit(Command.Deposit(1, Btc, Unit, $"dep-{round}-1-btc")); // duplicate reference: refused

            await Submit(Command.Transfer(1, 2, Usdt, 1_000 * Unit, $"tr-{round}-1"));
            await Submit(Command.Transfer(2, 5, Btc, Unit / 2, $"tr-{round}-2"));
            await Submit(Command.Transfer(2, 5, Btc, Unit / 2, $"tr-{round}-2")); // duplicate: refused
            await Submit(Command.Transfer(3, 3, Btc, Unit, $"tr-{round}-3")); // to oneself: refused

            var completed = await Submit(Command.ReserveWithdrawal(3, Btc, Unit, $"wd-{round}-a"));
            await Submit(Command.CompleteWithdrawal(completed.Sequence));
            var canceled = await Submit(Command.ReserveWithdrawal(3, Usdt, 10 * Unit, $"wd-{round}-b"));
            await Submit(Command.CancelWithdrawal(canceled.Sequence));
            await Submit(Command.CancelWithdrawal(canceled.Sequence)); // already canceled: refused
            await Submit(Command.ReserveWithdrawal(4, Eth, 2 * Unit, $"wd-{round}-c")); // stays pending
        }

        private async Task TradingAsync(int round)
        {
            // A seeded book around 30,000.
            for (var i = 0; i < 60; i++)
            {
                var user = _random.Next(1, 7);
                var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
                var offset = _random.Next(1, 40) * (side == Side.Buy ? -1 : 1);
                var clientOrderId = _random.Next(3) == 0 ? $"r{round}-{i}" : null;
                await Submit(Command.Limit(user, BtcUsdt, side, (30_000 + offset) * Unit, _random.Next(1, 50) * 1_000_000,
                    clientOrderId: clientOrderId));
            }

            for (var i = 0; i < 10; i++)
            {
                var user = _random.Next(1, 7);
                var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
                await Submit(Command.Limit(user, BtcUsdt, side, (30_000 + (side == Side.Buy ? 30 : -30)) * Unit,
                    _random.Next(1, 20) * 1_000_000, TimeInForce.Ioc));
            }

            await Submit(Command.Limit(1, BtcUsdt, Side.Sell, 30_045 * Unit, 20_000_000, clientOrderId: $"c-{round}-1"));
            await Submit(Command.Limit(2, BtcUsdt, Side.Buy, 30_020 * Unit, 10_000_000, TimeInForce.Ioc));
            await Submit(Command.Limit(2, BtcUsdt, Side.Buy, 30_000 * Unit, 100 * Unit, TimeInForce.Fok)); // not fillable: refused
            await Submit(Command.Limit(2, BtcUsdt, Side.Buy, 30_100 * Unit, 1_000_000, TimeInForce.Fok));
            await Submit(Command.LimitMaker(3, BtcUsdt, Side.Buy, 29_000 * Unit, 5_000_000, $"lm-{round}"));
            await Submit(Command.LimitMaker(3, BtcUsdt, Side.Buy, 31_000 * Unit, 5_000_000)); // would take: refused
            await Submit(Command.Iceberg(4, BtcUsdt, Side.Sell, 30_050 * Unit, Unit, 10_000_000, $"ice-{round}"));
            await Submit(Command.Market(5, BtcUsdt, Side.Buy, 30_000_000));
            await Submit(Command.MarketByQuote(6, BtcUsdt, Side.Buy, 5_000 * Unit));
            await Submit(Command.MarketByQuote(6, BtcUsdt, Side.Sell, 3_000 * Unit));
            await Submit(Command.Market(6, BtcUsdt, Side.Sell, 10_000_000));

            // Stops around the last price: a stop-loss the next sweep triggers, a take-profit left waiting.
            var last = await engine.QueryAsync(core => core.GetMarket(BtcUsdt)!.LastPrice) / Unit;
            await Submit(Command.Limit(2, BtcUsdt, Side.Buy, (last - 100) * Unit, 50_000_000, clientOrderId: $"support-{round}"));
            await Submit(Command.StopLimit(1, BtcUsdt, Side.Sell, OrderType.StopLossLimit, (last - 100) * Unit, (last - 150) * Unit,
                10_000_000, clientOrderId: $"sl-{round}"));
            await Submit(Command.StopLimit(1, BtcUsdt, Side.Sell, OrderType.TakeProfitLimit, (last + 200) * Unit, (last + 200) * Unit,
                10_000_000, clientOrderId: $"tp-{round}"));
            await Submit(Command.StopLimit(5, BtcUsdt, Side.Buy, OrderType.StopLossLimit, (last - 300) * Unit, (last - 290) * Unit,
                5_000_000)); // a buy stop-loss below the price would trigger at once: refused
            await Submit(Command.Limit(3, BtcUsdt, Side.Sell, (last - 100) * Unit, 50 * Unit, TimeInForce.Ioc));
            // Replenish the book the sweep emptied.
            await Submit(Command.Limit(5, BtcUsdt, Side.Buy, (last - 120) * Unit, 2 * Unit));
            await Submit(Command.Limit(6, BtcUsdt, Side.Sell, (last - 80) * Unit, 2 * Unit));
        }

        private async Task SelfTradePreventionAsync(int round)
        {
            await Submit(Command.Limit(6, EthUsdt, Side.Sell, 3_000 * Unit, Unit, clientOrderId: $"stp-{round}"));
            await Submit(Command.Limit(6, EthUsdt, Side.Buy, 3_000 * Unit, Unit / 2, selfTradePrevention: SelfTradePrevention.ExpireTaker));
            await Submit(Command.Limit(6, EthUsdt, Side.Buy, 3_000 * Unit, Unit / 2, selfTradePrevention: SelfTradePrevention.ExpireMaker));
            await Submit(Command.Limit(6, EthUsdt, Side.Sell, 3_000 * Unit, Unit / 4, selfTradePrevention: SelfTradePrevention.ExpireBoth));
            await Submit(Command.Market(6, EthUsdt, Side.Sell, Unit / 10, selfTradePrevention: SelfTradePrevention.ExpireTaker));

            // Liquidity for convert: ETH against USDT and against BTC.
            for (var i = 0; i < 4; i++)
            {
                await Submit(Command.Limit(5, EthUsdt, Side.Sell, (3_010 + i) * Unit, 3 * Unit));
                await Submit(Command.Limit(5, EthUsdt, Side.Buy, (2_990 - i) * Unit, 3 * Unit));
                await Submit(Command.Limit(4, EthBtc, Side.Buy, (5_000_000 - (i * 10_000)) * 1, 4 * Unit));
                await Submit(Command.Limit(4, EthBtc, Side.Sell, (5_100_000 + (i * 10_000)) * 1, 4 * Unit));
            }
        }

        private async Task CancellationAsync(int round)
        {
            var byId = await Submit(Command.Limit(1, BtcUsdt, Side.Buy, 29_000 * Unit, 10_000_000));
            await Submit(Command.Cancel(1, BtcUsdt, byId.Sequence));
            await Submit(Command.Cancel(1, BtcUsdt, byId.Sequence)); // gone: refused
            await Submit(Command.Limit(1, BtcUsdt, Side.Sell, 31_000 * Unit, 10_000_000, clientOrderId: $"cc-{round}"));
            await Submit(Command.CancelByClientId(1, BtcUsdt, $"cc-{round}"));
            var replaced = await Submit(Command.Limit(2, BtcUsdt, Side.Buy, 29_500 * Unit, 10_000_000, clientOrderId: $"cr-{round}"));
            await Submit(Command.CancelReplace(replaced.Sequence, Command.Limit(2, BtcUsdt, Side.Buy, 29_600 * Unit, 20_000_000)));
            await Submit(Command.CancelReplace(replaced.Sequence, Command.Limit(2, BtcUsdt, Side.Buy, 29_700 * Unit, 20_000_000),
                allowCancelFailure: true));
            await Submit(Command.CancelReplace(replaced.Sequence, Command.Limit(2, BtcUsdt, Side.Buy, 29_800 * Unit, 20_000_000)));
            await Submit(Command.Limit(4, BtcUsdt, Side.Buy, 28_000 * Unit, 10_000_000));
            await Submit(Command.Limit(4, BtcUsdt, Side.Buy, 28_001 * Unit, 10_000_000));
            await Submit(Command.CancelAll(4, BtcUsdt));
            await Submit(Command.CancelAll(4, BtcUsdt)); // nothing left: refused
        }

        private async Task ConvertAsync(int round)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var direct = await engine.QueryAsync(core => core.PlanConvert(1, Usdt, Btc, 3_000 * Unit));
            await Submit(Command.Convert(1, Usdt, Btc, 3_000 * Unit, direct.MarketId, direct.ViaMarketId, direct.Received,
                now + 60_000, $"cv-{round}-1"));
            await Submit(Command.Convert(1, Usdt, Btc, 3_000 * Unit, direct.MarketId, direct.ViaMarketId, direct.Received,
                now + 60_000, $"cv-{round}-1")); // accepted already: refused

            // ETH → BTC → USDT through the intermediate asset, whatever the direct market offers.
            await Submit(Command.Convert(2, Eth, Usdt, 2 * Unit, EthBtc, BtcUsdt, 1, now + 60_000, $"cv-{round}-2"));
            var planned = await engine.QueryAsync(core => core.PlanConvertToReceive(3, Btc, Eth, Unit));
            await Submit(Command.Convert(3, Btc, Eth, planned.Spent, planned.MarketId, planned.ViaMarketId, planned.Received,
                now + 60_000, $"cv-{round}-3"));
            await Submit(Command.Convert(3, Btc, Eth, Unit / 10, EthBtc, 0, 1, now - 1, $"cv-{round}-4")); // expired: refused
        }

        private async Task StakingAsync(int round)
        {
            await Submit(Command.Stake(1, Eth, 10 * Unit, $"st-{round}-1"));
            await Submit(Command.Stake(2, Eth, 5 * Unit, $"st-{round}-2"));
            await Submit(Command.Stake(2, Eth, 5 * Unit, $"st-{round}-2")); // duplicate: refused
            clock.Advance(TimeSpan.FromMilliseconds(2 * DayMs));
            await PayNextPeriodAsync();
            await Submit(Command.Unstake(1, Eth, 3 * Unit, $"un-{round}-1"));
            clock.Advance(TimeSpan.FromMilliseconds(DayMs));
            await Submit(Command.ReleaseUnstaked());
            await PayNextPeriodAsync();
            await Submit(Command.Unstake(2, Eth, Unit, $"un-{round}-2")); // still unbonding at the end of the round
            await Submit(Command.PayStakingRewards(Eth, 1)); // long paid: refused
        }

        private async Task PayNextPeriodAsync()
        {
            if (await engine.QueryAsync(core => core.NextEarningPeriod(Eth)) is { } period)
            {
                await Submit(Command.PayStakingRewards(Eth, period));
            }
        }

        private async Task MarketStatusAsync(int round)
        {
            var resting = await Submit(Command.Limit(5, EthBtc, Side.Buy, 4_900_000, Unit, clientOrderId: $"h-{round}"));
            await Submit(Command.SetMarketStatus(EthBtc, MarketStatus.Halted));
            await Submit(Command.Limit(5, EthBtc, Side.Buy, 4_900_000, Unit)); // halted: refused
            await Submit(Command.SetMarketStatus(EthBtc, MarketStatus.CancelOnly));
            await Submit(Command.Cancel(5, EthBtc, resting.Sequence));
            await Submit(Command.SetMarketStatus(EthBtc, MarketStatus.Trading));
        }

        private async Task<CommandResult> Submit(Command command)
        {
            clock.Advance(TimeSpan.FromMilliseconds(7));
            var result = await engine.SubmitAsync(command);
            if (result.Status != CommandStatus.Applied)
            {
                throw new InvalidOperationException($"{command.Type} was not applied: {result.Status}");
            }

            digest.Add(result.Events);
            coverage.Add($"command {command.Type}");
            foreach (var e in result.Events)
            {
                coverage.Add($"event {e.Type}");
                if (e.Type is EventType.CommandRejected or EventType.OrderRejected)
                {
                    coverage.Add($"rejected {command.Type} {e.Reason}");
                }
                else if (e.Type == EventType.OrderExpired)
                {
                    coverage.Add($"expired {e.Status}");
                }
                else if (e.Type == EventType.ConvertCompleted)
                {
                    coverage.Add($"convert {(command.ViaMarketId == 0 ? "direct" : "via")}");
                }
            }

            return result;
        }
    }

    private sealed class SteppingClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>SHA-256 over every public field of every event, in order: equal digests mean identical event streams.</summary>
    private sealed class EventDigest
    {
        // Fields added to Event after the recording are left out: in the recorded session they are always at their default.
        private static readonly string[] AddedSinceRecording = [nameof(Event.Restrictions)];

        private static readonly FieldInfo[] Fields = [.. typeof(Event).GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Where(f => !AddedSinceRecording.Contains(f.Name))];
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Count { get; private set; }

        public void Add(IReadOnlyList<Event> events)
        {
            var text = new StringBuilder();
            foreach (var e in events)
            {
                foreach (var field in Fields)
                {
                    text.Append(field.Name).Append('=').Append(Convert.ToString(field.GetValue(e), CultureInfo.InvariantCulture)).Append(';');
                }

                text.Append('\n');
                Count++;
            }

            _hash.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
        }

        public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());
    }
}

/// <summary>What a run of <see cref="RecordedSession"/> ends with; the recorded one is checked in as recorded.txt.</summary>
internal sealed record SessionRecord(long SnapshotSequence, string SnapshotHash, long FinalSequence, string FinalHash,
    string EventDigest, long EventCount, IReadOnlyCollection<string> Coverage)
{
    public string Format() => string.Join('\n',
        $"snapshot-sequence {SnapshotSequence.ToString(CultureInfo.InvariantCulture)}",
        $"snapshot-hash {SnapshotHash}",
        $"final-sequence {FinalSequence.ToString(CultureInfo.InvariantCulture)}",
        $"final-hash {FinalHash}",
        $"event-digest {EventDigest}",
        $"event-count {EventCount.ToString(CultureInfo.InvariantCulture)}",
        string.Join('\n', Coverage.Select(c => $"covers {c}"))) + "\n";

    public static SessionRecord Parse(string text)
    {
        var values = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts[0] != "covers")
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        return new SessionRecord(long.Parse(values["snapshot-sequence"], CultureInfo.InvariantCulture), values["snapshot-hash"],
            long.Parse(values["final-sequence"], CultureInfo.InvariantCulture), values["final-hash"], values["event-digest"],
            long.Parse(values["event-count"], CultureInfo.InvariantCulture), []);
    }
}
