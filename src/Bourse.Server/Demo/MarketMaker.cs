using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.Server.Engine;

namespace Bourse.Server.Demo;

/// <summary>
/// Keeps the demo markets alive: quotes five levels a side around a reference price that drifts, requotes a few
/// times a second, and now and then trades against the book so charts and tapes move.
/// </summary>
public sealed class MarketMaker(EngineHost host, TimeProvider time) : BackgroundService
{
    private const int Levels = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var random = new Random();
        var prices = DemoMarkets.Markets.ToDictionary(m => m.Market.Id, m => m.StartPrice);
        var tick = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            tick++;
            foreach (var (market, _) in DemoMarkets.Markets)
            {
                // A random walk of a few basis points, rounded to the tick.
                var price = prices[market.Id];
                price += (long)(price * (random.NextDouble() - 0.5) * 0.001);
                price = Math.Max(market.TickSize, price - (price % market.TickSize));
                prices[market.Id] = price;

                var gateway = host.Gateway;
                await gateway.SubmitAsync(Command.CancelAll(DemoSeeder.MarketMaker, market.Id)).ConfigureAwait(false);
                for (var level = 1; level <= Levels; level++)
                {
                    var offset = Math.Max(market.TickSize, price / 2_000 * level);
                    offset -= offset % market.TickSize;
                    var quantity = Quantity(market, price, random);
                    await gateway.SubmitAsync(Command.Limit(DemoSeeder.MarketMaker, market.Id, Side.Buy, price - offset, quantity)).ConfigureAwait(false);
                    await gateway.SubmitAsync(Command.Limit(DemoSeeder.MarketMaker, market.Id, Side.Sell, price + offset, quantity)).ConfigureAwait(false);
                }

                if (tick % 4 == market.Id % 4)
                {
                    var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                    await gateway.SubmitAsync(Command.Market(DemoSeeder.DemoTaker, market.Id, side, market.MinQuantity * random.Next(1, 20))).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A quote worth roughly 200–2,000 USDT (or 0.002–0.02 BTC), in whole lots.</summary>
    private static long Quantity(MarketSpec market, long price, Random random)
    {
        var unit = market.QuoteAssetId == DemoMarkets.Usdt.Id ? DemoMarkets.Unit : DemoMarkets.Unit / 100_000;
        var notional = random.Next(200, 2_000) * unit;
        var quantity = (long)((decimal)notional * DemoMarkets.Unit / price);
        quantity -= quantity % market.LotSize;
        return Math.Max(market.MinQuantity, quantity);
    }
}
