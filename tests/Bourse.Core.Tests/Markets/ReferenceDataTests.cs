using Bourse.Core.Commands;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Markets;

public class ReferenceDataTests
{
    [Fact]
    public void Assets_and_markets_are_created_once_and_validated()
    {
        var x = new TestExchange();

        x.Rejected(Command.CreateAsset(new AssetSpec(Btc, "XBT", 8)), RejectReason.AssetExists);
        x.Rejected(Command.CreateAsset(new AssetSpec(9, "BTC", 8)), RejectReason.AssetExists);
        x.Rejected(Command.CreateAsset(new AssetSpec(9, "X", 19)), RejectReason.InvalidAssetSpec);
        x.Rejected(Command.CreateAsset(new AssetSpec(0, "X", 2)), RejectReason.InvalidAssetSpec);
        x.Rejected(Command.CreateMarket(Spec), RejectReason.MarketExists);
        x.Rejected(Command.CreateMarket(Spec with { Id = 2, Symbol = "BTCBTC", QuoteAssetId = Btc }), RejectReason.InvalidMarketSpec);
        x.Rejected(Command.CreateMarket(Spec with { Id = 2, Symbol = "X", BaseAssetId = 99 }), RejectReason.InvalidMarketSpec);
        x.Rejected(Command.CreateMarket(Spec with { Id = 2, Symbol = "X", TickSize = 0 }), RejectReason.InvalidMarketSpec);
        x.Rejected(Command.CreateMarket(Spec with { Id = 2, Symbol = null! }), RejectReason.InvalidMarketSpec);
        x.Rejected(Command.CreateAsset(new AssetSpec(9, null!, 2)), RejectReason.InvalidAssetSpec);
    }

    [Fact]
    public void Market_whose_tick_times_lot_is_not_a_whole_quote_unit_is_refused()
    {
        var x = new TestExchange();

        // 0.00000001 USDT tick × 0.00001 BTC lot = 1e-13 USDT: fills could not be settled exactly.
        x.Rejected(Command.CreateMarket(Spec with { Id = 2, Symbol = "ETHUSDT", BaseAssetId = Eth, TickSize = 1 }), RejectReason.InvalidMarketSpec);
        x.Ok(Command.CreateMarket(Spec with { Id = 2, Symbol = "ETHUSDT", BaseAssetId = Eth, TickSize = 100_000 }));
    }

    [Fact]
    public void Market_filters_can_change_but_not_tick_or_lot_size()
    {
        var x = new TestExchange();
        Assert.Contains(x.Ok(Command.UpdateMarket(Spec with { MinNotional = Price(10) })), e => e.Type == Events.EventType.MarketUpdated);
        x.Fund(1, Usdt, 1_000);

        x.Rejected(Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(0.05m)), RejectReason.Notional);
        x.Rejected(Command.UpdateMarket(Spec with { TickSize = Price(1) }), RejectReason.InvalidMarketSpec);
        x.Rejected(Command.UpdateMarket(Spec with { Id = 5 }), RejectReason.UnknownMarket);
    }
}
