using System.Text.Json;
using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Server.Demo;
using Bourse.Server.Http;
using Bourse.Server.Listing;

namespace Bourse.Server.Tests.Listing;

/// <summary>The planner against a core in memory: what a document changes, and what it cannot do.</summary>
public class ListingPlannerTests
{
    private static readonly ListingDocument Document = new(
        Assets: [new ListedAsset("BTC", "Bitcoin", 8), new ListedAsset("USDT", null, 8)],
        Markets: [Market("BTCUSDT")],
        FeeTiers: [new ListedFeeTier(1, "0.0005", "0.001")]);

    private static ListedMarket Market(string symbol, string? status = null, string minNotional = "5") =>
        new(symbol, "BTC", "USDT", status, TickSize: "0.01", LotSize: "0.00001", MinQuantity: "0.00001", MaxQuantity: "9000", MinNotional: minNotional);

    /// <summary>Plans against the core and applies the plan's commands, each of which must be accepted.</summary>
    private static ListingPlan Apply(ExchangeCore core, ListingDocument document, ref long sequence)
    {
        var (plan, errors) = ListingPlanner.Plan(document, ListingState.Of(core));
        Assert.True(plan is not null, string.Join("; ", errors));
        var buffer = new EventBuffer();
        foreach (var command in plan.Commands)
        {
            buffer.Clear();
            core.Apply(command.At(++sequence, 1_700_000_000_000 + sequence), buffer);
            Assert.DoesNotContain(buffer.Events.ToArray(), e => e.Type is EventType.CommandRejected or EventType.OrderRejected);
        }

        return plan;
    }

    [Fact]
    public void A_document_against_an_empty_exchange_creates_assets_before_markets_then_fee_tiers()
    {
        var (plan, errors) = ListingPlanner.Plan(Document, ListingState.Of(new ExchangeCore()));

        Assert.Empty(errors);
        Assert.Equal(["asset BTC create", "asset USDT create", "market BTCUSDT create", "feeTier 1 create"],
            plan!.Changes.Select(c => $"{c.Kind} {c.Target} {c.Action}"));
        Assert.Equal([CommandType.CreateAsset, CommandType.SetAssetStatus, CommandType.CreateAsset, CommandType.CreateMarket, CommandType.SetFeeTier],
            plan.Commands.Select(c => c.Type));
        Assert.Equal(0, plan.Unchanged);
    }

    [Fact]
    public void A_document_already_applied_plans_no_change()
    {
        var core = new ExchangeCore();
        long sequence = 0;
        Apply(core, Document, ref sequence);
        var hash = core.ComputeStateHash();

        var again = Apply(core, Document, ref sequence);

        Assert.Empty(again.Changes);
        Assert.Empty(again.Commands);
        Assert.Equal(4, again.Unchanged);
        Assert.Equal(hash, core.ComputeStateHash());
    }

    [Fact]
    public void Changed_filters_status_name_suspensions_and_rates_plan_updates_and_status_changes()
    {
        var core = new ExchangeCore();
        long sequence = 0;
        Apply(core, Document, ref sequence);

        var plan = Apply(core, new ListingDocument(
            Assets: [new ListedAsset("BTC", "Bitcoin", 8, DepositsEnabled: false)],
            Markets: [Market("BTCUSDT", "HALTED", minNotional: "10")],
            FeeTiers: [new ListedFeeTier(1, "0.0005", "0.002")]), ref sequence);

        Assert.Equal(["asset BTC update", "market BTCUSDT update", "market BTCUSDT status", "feeTier 1 update"],
            plan.Changes.Select(c => $"{c.Kind} {c.Target} {c.Action}"));
        Assert.Equal(MarketStatus.Halted, core.GetMarket(1)!.Status);
        Assert.Equal(10 * 100_000_000L, core.GetMarket(1)!.Spec.MinNotional);
        Assert.Equal(AssetSuspensions.Deposits, core.AssetStatusOf(1).Suspensions);
        Assert.Equal(2_000, core.GetFeeTier(1)!.Value.TakerPpm);
        var status = plan.Changes.Single(c => c.Action == "status");
        Assert.Equal("""{"status":"TRADING"}""", JsonSerializer.Serialize(status.Before, PlatformJson.Options));
        Assert.Equal("""{"status":"HALTED"}""", JsonSerializer.Serialize(status.After, PlatformJson.Options));
    }

    [Fact]
    public void Delisted_in_a_document_delists_and_nothing_reopens_it()
    {
        var core = new ExchangeCore();
        long sequence = 0;
        Apply(core, Document, ref sequence);
        Apply(core, new ListingDocument(Markets: [Market("BTCUSDT", "DELISTED")]), ref sequence);

        Assert.Equal(MarketStatus.Delisted, core.GetMarket(1)!.Status);
        var (plan, errors) = ListingPlanner.Plan(new ListingDocument(Markets: [Market("BTCUSDT", "TRADING")]), ListingState.Of(core));
        Assert.Null(plan);
        Assert.Contains("final", Assert.Single(errors).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_entry_is_reported_and_nothing_is_planned()
    {
        var core = new ExchangeCore();
        long sequence = 0;
        Apply(core, Document, ref sequence);

        var (plan, errors) = ListingPlanner.Plan(new ListingDocument(
            Assets: [new ListedAsset("BTC", null, 6), new ListedAsset("eth", null, 8), new ListedAsset("SOL", null, null), new ListedAsset("XRP", null, 6)],
            Markets:
            [
                Market("BTCUSDT") with { QuoteAsset = "XRP" },
                Market("BTCUSDT2") with { TickSize = "0.000001" },
                Market("BTCUSDT3") with { MinQuantity = "0.000015" },
                Market("BTCUSDT4") with { MarketOrderBand = "1" },
                Market("BTCUSDT") with { TickSize = "0.1" },
                Market("ETHUSDT") with { BaseAsset = "ETH" },
            ],
            FeeTiers: [new ListedFeeTier(1, "0.2", "0.001"), new ListedFeeTier(1001, "0", "0")]), ListingState.Of(core));

        Assert.Null(plan);
        Assert.Equal(
            [
                "assets[0] (BTC)", "assets[1] (eth)", "assets[2] (SOL)",
                "markets[0] (BTCUSDT)", "markets[1] (BTCUSDT2)", "markets[2] (BTCUSDT3)", "markets[3] (BTCUSDT4)", "markets[4] (BTCUSDT)", "markets[5] (ETHUSDT)",
                "feeTiers[0] (1)", "feeTiers[1] (1001)",
            ],
            errors.Select(e => e.Entry).Distinct());
        Assert.Contains(errors, e => e.Detail.Contains("scale cannot change", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Detail.Contains("assets cannot change", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Detail.Contains("whole number of quote units", StringComparison.Ordinal));
    }

    [Fact]
    public void The_demo_listing_gives_the_demo_ids_and_a_restart_applies_nothing()
    {
        var core = new ExchangeCore();
        long sequence = 0;
        Apply(core, DemoMarkets.Listing, ref sequence);

        Assert.All(DemoMarkets.Assets, a => Assert.Equal(a, core.GetAsset(a.Id)));
        Assert.All(DemoMarkets.Markets, m => Assert.Equal(m.Market, core.GetMarket(m.Market.Id)!.Spec));
        Assert.Empty(Apply(core, DemoMarkets.Listing, ref sequence).Commands);
    }

    [Fact]
    public void The_shipped_production_listing_plans_cleanly_against_an_empty_exchange()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "deploy", "listing.json");
        var document = JsonSerializer.Deserialize<ListingDocument>(File.ReadAllText(path), PlatformJson.Options)!;

        var core = new ExchangeCore();
        long sequence = 0;
        var plan = Apply(core, document, ref sequence);

        // Tier 0's rates are the core's defaults already.
        Assert.Equal(["BTC", "ETH", "USDT", "BTCUSDT", "ETHUSDT"], plan.Changes.Select(c => c.Target));
        Assert.Equal(1, plan.Unchanged);
        Assert.Empty(Apply(core, document, ref sequence).Changes);
    }
}
