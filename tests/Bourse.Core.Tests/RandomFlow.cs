using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Core.Tests;

/// <summary>
/// Seeded generator of long, adversarial command sequences: every order type, time in force and STP mode, cancels
/// of real and made-up ids, duplicate client ids, ledger commands, halts, fee changes and plain bad input. With
/// <c>listing</c>, a third market is delisted with its orders and listed again under a new id and symbol, over and
/// over, and assets are named and suspended (off, the flows of a seed are those recorded before listing existed).
/// </summary>
public sealed class RandomFlow
{
    public const int Btc = 1, Usdt = 2, Eth = 3;
    public const int BtcUsdt = 1, EthBtc = 2, EthUsdt = 3;
    private const long Unit = 100_000_000;

    private readonly Random _random;
    private readonly int _users;
    private readonly bool _listing;
    private readonly List<(long Id, long User, int Market)> _orders = [];
    private readonly List<long> _withdrawalIds = [];
    private long _sequence;
    private int _third = EthUsdt;
    private bool _thirdListed = true;

    public RandomFlow(int seed, int users = 12, bool listing = false)
    {
        _random = new Random(seed);
        _users = users;
        _listing = listing;
    }

    public static IEnumerable<Command> Setup(bool listing = false)
    {
        yield return Command.CreateAsset(new AssetSpec(Btc, "BTC", 8));
        yield return Command.CreateAsset(new AssetSpec(Usdt, "USDT", 8));
        yield return Command.CreateAsset(new AssetSpec(Eth, "ETH", 8));
        yield return Command.CreateMarket(new MarketSpec(BtcUsdt, "BTCUSDT", Btc, Usdt, TickSize: Unit / 100, LotSize: 1_000,
            MinQuantity: 1_000, MaxQuantity: 1_000 * Unit, MinNotional: Unit, MarketOrderBandPpm: 50_000));
        yield return Command.CreateMarket(new MarketSpec(EthBtc, "ETHBTC", Eth, Btc, TickSize: 1_000, LotSize: 100_000,
            MinQuantity: 100_000, MaxQuantity: 10_000 * Unit, MinNotional: 10_000, MarketOrderBandPpm: 100_000, MaxIcebergParts: 50));
        if (listing)
        {
            yield return ThirdMarket(EthUsdt, "ETHUSDT");
        }

        yield return Command.SetFeeTier(1, 0, 500);
        yield return Command.SetFeeTier(2, 2_000, 3_000);
    }

    /// <summary>The next command, with sequence numbers continuing from <paramref name="lastSequence"/>.</summary>
    public Command Next(long lastSequence)
    {
        _sequence = lastSequence + 1;
        var roll = _random.Next(1000);
        var command = roll switch
        {
            < 50 => Deposit(),
            < 400 => Limit(TimeInForce.Gtc),
            < 470 => Limit(_random.Next(2) == 0 ? TimeInForce.Ioc : TimeInForce.Fok),
            < 550 => MarketOrder(),
            < 600 => PostOnly(),
            < 650 => Stop(),
            < 800 => Cancel(),
            < 820 => Command.CancelAll(User(), MarketId()),
            < 860 => CancelReplace(),
            < 910 => Withdrawal(),
            < 940 => Command.Transfer(User(), _random.Next(10) == 0 ? 0 : User(), Asset(), Amount(), $"t{_random.Next(5_000)}"),
            < 950 => Command.SetUserFeeTier(User(), _random.Next(4)),
            < 955 => Command.SetMarketStatus(MarketId(), _random.Next(4) == 0 ? MarketStatus.Halted : MarketStatus.Trading),
            < 960 => Command.SetMarketStatus(MarketId(), MarketStatus.Trading),
            // Freezes come and go; 4 is no known restriction and must be refused.
            < 965 => Command.SetAccountRestrictions(User(), (AccountRestrictions)_random.Next(0, 5)),
            < 972 => Command.AdjustBalance(User(), Asset(), _random.Next(3) == 0 ? -Amount() : Amount(), _random.Next(20) == 0 ? "adj-dup" : $"adj{_sequence}"),
            < 975 when _listing => ListOrDelistThird(),
            // 4 is no known suspension and must be refused; so is a blank name.
            < 980 when _listing => Command.SetAssetStatus(Asset(), _random.Next(3) switch { 0 => null, 1 => " ", _ => "Named" }, (AssetSuspensions)_random.Next(0, 5)),
            _ => Garbage(),
        };

        if (command.Type is CommandType.PlaceOrder or CommandType.CancelReplaceOrder)
        {
            _orders.Add((_sequence, command.UserId, command.MarketId));
            if (_orders.Count > 2_000)
            {
                _orders.RemoveRange(0, 1_000);
            }
        }

        if (command.Type == CommandType.ReserveWithdrawal)
        {
            _withdrawalIds.Add(_sequence);
        }

        return command;
    }

    private static Command ThirdMarket(int id, string symbol) =>
        Command.CreateMarket(new MarketSpec(id, symbol, Eth, Usdt, TickSize: Unit / 100, LotSize: 1_000,
            MinQuantity: 1_000, MaxQuantity: 1_000 * Unit, MinNotional: Unit, MarketOrderBandPpm: 50_000));

    private Command ListOrDelistThird()
    {
        _thirdListed = !_thirdListed;
        if (!_thirdListed)
        {
            return Command.DelistMarket(_third);
        }

        _third++;
        return ThirdMarket(_third, $"ETHUSDT{_third}");
    }

    private long User() => _random.Next(1, _users + 1);

    private int Asset() => _random.Next(1, 4);

    private int MarketId() => _listing
        ? _random.Next(10) switch
        {
            < 5 => BtcUsdt,
            < 7 => _third,
            _ => EthBtc,
        }
        : _random.Next(10) < 7 ? BtcUsdt : EthBtc;

    private long Amount() => _random.Next(5) switch
    {
        0 => _random.NextInt64(1, 1_000),
        1 => _random.NextInt64(1, Unit),
        _ => _random.NextInt64(1, 100 * Unit),
    };

    private Command Deposit() =>
        Command.Deposit(User(), Asset(), _random.Next(4) == 0 ? _random.NextInt64(1, Unit) : _random.NextInt64(Unit, 50_000 * Unit),
            _random.Next(20) == 0 ? "dup" : $"d{_sequence}");

    private (long Price, long Quantity) PriceAndQuantity(int market, out int marketId)
    {
        marketId = market;
        var (mid, tick, lot) = market != EthBtc ? (30_000 * Unit, Unit / 100, 1_000L) : (5_000_000L, 1_000L, 100_000L);
        var offset = (long)(_random.NextDouble() * _random.NextDouble() * 300) - 150;
        var price = mid + (offset * tick * (market != EthBtc ? 10 : 1));
        if (_random.Next(50) == 0)
        {
            price += _random.Next(1, 5); // off the tick
        }

        var lots = _random.Next(4) switch
        {
            0 => _random.NextInt64(1, 10),
            1 => _random.NextInt64(10, 2_000),
            _ => _random.NextInt64(100, 100_000),
        };
        return (price, lots * lot);
    }

    private Command Limit(TimeInForce timeInForce)
    {
        var (price, quantity) = PriceAndQuantity(MarketId(), out var market);
        var command = Command.Limit(User(), market, Side(), price, quantity, timeInForce, ClientId(), Stp());
        if (timeInForce == TimeInForce.Gtc && _random.Next(8) == 0)
        {
            command.IcebergQuantity = Math.Max(quantity / _random.Next(2, 20) / (market != EthBtc ? 1_000 : 100_000) * (market != EthBtc ? 1_000 : 100_000), 0);
        }

        return command;
    }

    private Command PostOnly()
    {
        var (price, quantity) = PriceAndQuantity(MarketId(), out var market);
        return Command.LimitMaker(User(), market, Side(), price, quantity, ClientId());
    }

    private Command Stop()
    {
        var (price, quantity) = PriceAndQuantity(MarketId(), out var market);
        var (stop, _) = PriceAndQuantity(market, out _);
        var type = _random.Next(2) == 0 ? OrderType.StopLossLimit : OrderType.TakeProfitLimit;
        var tif = _random.Next(6) switch { 0 => TimeInForce.Ioc, 1 => TimeInForce.Fok, _ => TimeInForce.Gtc };
        return Command.StopLimit(User(), market, Side(), type, stop, price, quantity, tif, ClientId());
    }

    private Command MarketOrder()
    {
        var market = MarketId();
        var (_, quantity) = PriceAndQuantity(market, out _);
        return _random.Next(3) == 0
            ? Command.MarketByQuote(User(), market, Side(), _random.NextInt64(1, 1_000) * (market != EthBtc ? Unit : 100_000), ClientId(), Stp())
            : Command.Market(User(), market, Side(), quantity, ClientId(), Stp());
    }

    private Command Cancel()
    {
        var (id, user, market) = PickOrder();
        return _random.Next(6) == 0
            ? Command.CancelByClientId(user, market, $"c{_random.Next(8)}")
            : Command.Cancel(user, market, id);
    }

    private Command CancelReplace()
    {
        var (id, user, market) = PickOrder();
        var replacement = Limit(TimeInForce.Gtc);
        replacement.UserId = user;
        replacement.MarketId = market;
        return Command.CancelReplace(id, replacement, _random.Next(2) == 0);
    }

    /// <summary>Mostly an order the flow placed, with its real owner; sometimes a stranger's guess.</summary>
    private (long Id, long User, int Market) PickOrder() =>
        _orders.Count == 0 || _random.Next(5) == 0
            ? (_random.NextInt64(1, _sequence + 5), User(), MarketId())
            : _orders[_random.Next(_orders.Count)];

    private Command Withdrawal()
    {
        var roll = _random.Next(3);
        if (roll == 0 || _withdrawalIds.Count == 0)
        {
            return Command.ReserveWithdrawal(User(), Asset(), Amount(), $"w{_random.Next(3_000)}");
        }

        var id = _withdrawalIds[_random.Next(_withdrawalIds.Count)];
        return roll == 1 ? Command.CompleteWithdrawal(id) : Command.CancelWithdrawal(id);
    }

    private Command Garbage() => _random.Next(6) switch
    {
        0 => Command.Limit(User(), 99, Side(), Unit, 1_000),
        1 => Command.Limit(User(), BtcUsdt, (Side)_random.Next(0, 5), -_random.NextInt64(), _random.NextInt64()),
        2 => Command.Market(User(), BtcUsdt, Side(), long.MaxValue),
        3 => Command.Deposit(User(), 42, 5, "x"),
        4 => new Command { Type = (CommandType)_random.Next(0, 255), UserId = User() },
        _ => Command.Limit(User(), BtcUsdt, Side(), long.MaxValue / 3 * 2, 1_000 * Unit),
    };

    private Side Side() => _random.Next(2) == 0 ? Model.Side.Buy : Model.Side.Sell;

    private string? ClientId() => _random.Next(4) == 0 ? $"c{_random.Next(8)}" : null;

    private SelfTradePrevention Stp() => (SelfTradePrevention)_random.Next(4);
}
