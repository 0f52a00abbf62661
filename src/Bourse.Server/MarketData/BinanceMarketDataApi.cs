using System.Globalization;
using System.Text.Json.Nodes;
using Bourse.Api.Binance;
using Bourse.MarketData;
using Bourse.MarketData.Klines;
using Bourse.Server.ApiKeys;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.OpenApi;

namespace Bourse.Server.MarketData;

/// <summary>
/// Binance's public market-data endpoints, answered from the event-built market-data views (never from the engine).
/// Bodies are built node by node so every field has exactly Binance's name (aggTrades' one-letter keys are case-sensitive).
/// </summary>
public static class BinanceMarketDataApi
{
    /// <summary>
    /// The latest time a kline query accepts: a month before the end of year 9999, so calendar arithmetic on monthly
    /// klines never leaves the range dates can hold (later times get -1130 instead of an exception).
    /// </summary>
    private const long MaxTime = 253_399_622_400_000;

    public static IEndpointRouteBuilder MapBinanceMarketDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v3").WithTags("Binance market data");
        api.MapGet("/depth", Depth).WithName("Depth").WithSummary("Order book levels with the update id streams line up on.")
            .BinanceParameters(BinanceParameter.Symbol, BinanceParameter.Limit(100, 5_000));
        api.MapGet("/trades", Trades).WithName("RecentTrades").WithSummary("Recent trades.")
            .BinanceParameters(BinanceParameter.Symbol, BinanceParameter.Limit(500, 1_000));
        api.MapGet("/historicalTrades", HistoricalTrades).WithName("HistoricalTrades").WithSummary("Older trades from an id.")
            .BinanceParameters(BinanceParameter.Symbol, BinanceParameter.Limit(500, 1_000), BinanceParameter.FromId("Trade id to start from; the most recent trades when absent."));
        api.MapGet("/aggTrades", AggTrades).WithName("AggregateTrades").WithSummary("Trades aggregated per taker order and price.")
            .BinanceParameters(BinanceParameter.Symbol, BinanceParameter.FromId("Aggregate trade id to start from."), BinanceParameter.StartTime, BinanceParameter.EndTime,
                BinanceParameter.Limit(500, 1_000));
        api.MapGet("/klines", Klines).WithName("Klines").WithSummary("Candlesticks for every Binance interval.")
            .BinanceParameters(BinanceParameter.Symbol,
                BinanceParameter.Required("interval", BinanceValueType.String, "Candle length; `1m` is a minute, `1M` a month.",
                    [.. KlineIntervals.All.Select(i => i.Name())]),
                BinanceParameter.StartTime, BinanceParameter.EndTime,
                BinanceParameter.Optional("timeZone", BinanceValueType.String, "Accepted for Binance compatibility; candles are in UTC."),
                BinanceParameter.Limit(500, 1_000));
        api.MapGet("/ticker/24hr", Ticker24h).WithName("Ticker24h").WithSummary("Rolling 24-hour statistics.")
            .BinanceParameters(BinanceParameter.OptionalSymbol, BinanceParameter.Symbols,
                BinanceParameter.Optional("type", BinanceValueType.String, "FULL (default) or MINI, which leaves out the change and book fields.", "FULL", "MINI"));
        api.MapGet("/ticker/price", TickerPrice).WithName("TickerPrice").WithSummary("Last price.")
            .BinanceParameters(BinanceParameter.OptionalSymbol, BinanceParameter.Symbols);
        api.MapGet("/ticker/bookTicker", BookTicker).WithName("BookTicker").WithSummary("Best bid and ask.")
            .BinanceParameters(BinanceParameter.OptionalSymbol, BinanceParameter.Symbols);
        api.MapGet("/avgPrice", AveragePrice).WithName("AveragePrice").WithSummary("Average price over the last minutes.")
            .BinanceParameters(BinanceParameter.Symbol);
        return app;
    }

    private delegate IResult Handler(ParameterReader parameters, MarketDataStore store);

    private delegate Task<IResult> AsyncHandler(ParameterReader parameters, MarketDataStore store);

    private static Task<IResult> Depth(HttpRequest request, MarketDataStore store) => Handle(request, store, (p, s) =>
    {
        var market = Market(p, s);
        var limit = (int)(p.OptionalLong("limit", min: 1, max: 5_000) ?? 100);
        if (Done(p) is { } error)
        {
            return error;
        }

        var depth = market!.GetDepth(limit);
        var listing = market.Listing;
        return Json(new JsonObject
        {
            ["lastUpdateId"] = depth.LastUpdateId,
            ["bids"] = Levels(depth.Bids, listing),
            ["asks"] = Levels(depth.Asks, listing),
        });
    });

    private static Task<IResult> Trades(HttpRequest request, MarketDataStore store) => Handle(request, store, (p, s) =>
    {
        var market = Market(p, s);
        var limit = (int)(p.OptionalLong("limit", min: 1, max: 1_000) ?? 500);
        return Done(p) ?? Json(TradeArray(market!.GetRecentTrades(limit), market.Listing));
    });

    private static Task<IResult> HistoricalTrades(HttpRequest request, MarketDataStore store) => Handle(request, store, (p, s) =>
    {
        var market = Market(p, s);
        var limit = (int)(p.OptionalLong("limit", min: 1, max: 1_000) ?? 500);
        var fromId = p.OptionalLong("fromId");
        return Done(p) ?? Json(TradeArray(market!.GetHistoricalTrades(fromId, limit), market.Listing));
    });

    private static Task<IResult> AggTrades(HttpRequest request, MarketDataStore store) => Handle(request, store, (p, s) =>
    {
        var market = Market(p, s);
        var fromId = p.OptionalLong("fromId");
        var start = p.OptionalLong("startTime", max: MaxTime);
        var end = p.OptionalLong("endTime", max: MaxTime);
        var limit = (int)(p.OptionalLong("limit", min: 1, max: 1_000) ?? 500);
        if (Done(p) is { } error)
        {
            return error;
        }

        var listing = market!.Listing;
        var array = new JsonArray();
        foreach (var t in market.GetAggregateTrades(fromId, start, end, limit))
        {
            array.Add(new JsonObject
            {
                ["a"] = t.Id,
                ["p"] = Price(t.Price, listing),
                ["q"] = Quantity(t.Quantity, listing),
                ["f"] = t.FirstTradeId,
                ["l"] = t.LastTradeId,
                ["T"] = t.Time,
                ["m"] = t.IsBuyerMaker,
                ["M"] = true,
            });
        }

        return Json(array);
    });

    private static Task<IResult> Klines(HttpRequest request, MarketDataStore store, HistoryProjection history, TimeProvider time) => HandleAsync(request, store, async (p, s) =>
    {
        var market = Market(p, s);
        var intervalName = p.RequiredString("interval");
        var start = p.OptionalLong("startTime", max: MaxTime);
        var end = p.OptionalLong("endTime", max: MaxTime);
        p.OptionalString("timeZone");
        var limit = (int)(p.OptionalLong("limit", min: 1, max: 1_000) ?? 500);
        if (Done(p) is { } error)
        {
            return error;
        }

        if (!KlineIntervals.TryParse(intervalName, out var interval))
        {
            return BinanceResults.Error(BinanceErrors.InvalidInterval);
        }

        var listing = market!.Listing;
        var array = new JsonArray();
        // Memory keeps the recent window since the last start; older intervals come from the history store.
        var klines = market.GetKlines(interval, start, end, limit);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (KlineHistory.MemoryFallsShort(klines, interval, start, limit)
            && await history.ReadAsync((store, ct) => KlineHistory.QueryAsync(store, market.Id, interval, start, end, limit, now, ct),
                request.HttpContext.RequestAborted).ConfigureAwait(false) is { Succeeded: true, Value: var stored })
        {
            klines = stored;
        }

        foreach (var k in klines)
        {
            array.Add(new JsonArray(k.OpenTime, Price(k.Open, listing), Price(k.High, listing), Price(k.Low, listing), Price(k.Close, listing),
                Big(k.Volume, listing.BaseAsset.Scale), k.CloseTime, Big(k.QuoteVolume, listing.QuoteAsset.Scale), k.TradeCount,
                Big(k.TakerBuyBaseVolume, listing.BaseAsset.Scale), Big(k.TakerBuyQuoteVolume, listing.QuoteAsset.Scale), "0"));
        }

        return Json(array);
    });

    private static Task<IResult> Ticker24h(HttpRequest request, MarketDataStore store) => Handle(request, store, (p, s) =>
    {
        var markets = Markets(p, s);
        var mini = p.OptionalString("type") switch
        {
            null or "FULL" => false,
            "MINI" => true,
            _ => (bool?)null,
        };
        if (mini is null)
        {
            p.Fail(BinanceErrors.InvalidParameter("type"));
        }

        return Done(p) ?? Many(p, markets!, m =>
        {
            var t = m.GetTicker();
            var l = m.Listing;
            var ticker = new JsonObject
            {
                ["symbol"] = l.Spec.Symbol,
                ["openPrice"] = Price(t.OpenPrice, l),
                ["highPrice"] = Price(t.HighPrice, l),
                ["lowPrice"] = Price(t.LowPrice, l),
                ["lastPrice"] = Price(t.LastPrice, l),
                ["volume"] = Big(t.Volume, l.BaseAsset.Scale),
                ["quoteVolume"] = Big(t.QuoteVolume, l.QuoteAsset.Scale),
                ["openTime"] = t.OpenTime,
                ["closeTime"] = t.CloseTime,
                ["firstId"] = t.FirstTradeId,
                ["lastId"] = t.LastTradeId,
                ["count"] = t.Count,
            };
            if (mini == true)
            {
                return ticker;
            }

            ticker["priceChange"] = SignedPrice(t.PriceChange, l);
            ticker["priceChangePercent"] = t.PriceChangePercent.ToString("0.000", CultureInfo.InvariantCulture);
            ticker["weightedAvgPrice"] = Price(t.WeightedAveragePrice, l);
            ticker["prevClosePrice"] = Price(t.PrevClosePrice, l);
            ticker["lastQty"] = Quantity(t.LastQuantity, l);
            ticker["bidPrice"] = Price(t.BidPrice, l);
            ticker["bidQty"] = Quantity(t.BidQuantity, l);
            ticker["askPrice"] = Price(t.AskPrice, l);
            ticker["askQty"] = Quantity(t.AskQuantity, l);
            return ticker;
        });
    });

    private static Task<IResult> TickerPrice(HttpRequest request, MarketDataStore store) => Handle(request, store, (p, s) =>
    {
        var markets = Markets(p, s);
        return Done(p) ?? Many(p, markets!, m => new JsonObject
        {
            ["symbol"] = m.Listing.Spec.Symbol,
            ["price"] = Price(m.LastPrice, m.Listing),
        });
    });

    private static Task<IResult> BookTicker(HttpRequest request, MarketDataStore store) => Handle(request, store, (p, s) =>
    {
        var markets = Markets(p, s);
        return Done(p) ?? Many(p, markets!, m =>
        {
            var b = m.GetBookTicker();
            var l = m.Listing;
            return new JsonObject
            {
                ["symbol"] = l.Spec.Symbol,
                ["bidPrice"] = Price(b.BidPrice, l),
                ["bidQty"] = Quantity(b.BidQuantity, l),
                ["askPrice"] = Price(b.AskPrice, l),
                ["askQty"] = Quantity(b.AskQuantity, l),
            };
        });
    });

    private static Task<IResult> AveragePrice(HttpRequest request, MarketDataStore store) => Handle(request, store, (p, s) =>
    {
        var market = Market(p, s);
        if (Done(p) is { } error)
        {
            return error;
        }

        var average = market!.GetAveragePrice();
        return Json(new JsonObject
        {
            ["mins"] = average.Minutes,
            ["price"] = Price(average.Price, market.Listing),
            ["closeTime"] = average.CloseTime,
        });
    });

    private static async Task<IResult> Handle(HttpRequest request, MarketDataStore store, Handler handler)
    {
        var (parameters, _, _, error) = await BinanceRequest.ReadAsync(request).ConfigureAwait(false);
        return error is not null ? BinanceResults.Error(error) : handler(parameters!, store);
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, MarketDataStore store, AsyncHandler handler)
    {
        var (parameters, _, _, error) = await BinanceRequest.ReadAsync(request).ConfigureAwait(false);
        return error is not null ? BinanceResults.Error(error) : await handler(parameters!, store).ConfigureAwait(false);
    }

    /// <summary>The required <c>symbol</c>'s market; records -1121 on the reader when unknown.</summary>
    private static MarketView? Market(ParameterReader p, MarketDataStore store)
    {
        var symbol = p.RequiredSymbol();
        var market = string.IsNullOrEmpty(symbol) ? null : store.GetMarket(symbol);
        if (market is null && p.Error is null)
        {
            p.Fail(BinanceErrors.InvalidSymbol);
        }

        return market;
    }

    /// <summary><c>symbol</c>, <c>symbols=["A","B"]</c>, or every market when neither is sent.</summary>
    private static List<MarketView>? Markets(ParameterReader p, MarketDataStore store)
    {
        var symbol = p.OptionalSymbol();
        var symbols = p.OptionalString("symbols");
        if (symbol is not null)
        {
            return store.GetMarket(symbol) is { } one ? [one] : Fail(p);
        }

        if (symbols is not null)
        {
            try
            {
                var names = System.Text.Json.JsonSerializer.Deserialize<List<string>>(symbols) ?? [];
                var found = names.Select(store.GetMarket).ToList();
                return names.Count == 0 || found.Any(m => m is null) ? Fail(p) : found!;
            }
            catch (System.Text.Json.JsonException)
            {
                return Fail(p);
            }
        }

        return store.Markets.ToList();

        static List<MarketView>? Fail(ParameterReader p)
        {
            p.Fail(BinanceErrors.InvalidSymbol);
            return null;
        }
    }

    /// <summary>One object for <c>symbol</c>, an array otherwise.</summary>
    private static IResult Many(ParameterReader p, List<MarketView> markets, Func<MarketView, JsonObject> describe) =>
        p.Peek("symbol") is not null ? Json(describe(markets[0])) : Json(new JsonArray([.. markets.Select(describe)]));

    private static IResult? Done(ParameterReader p) =>
        p.Error is { } error ? BinanceResults.Error(error) : p.EnsureAllRead() is { } unread ? BinanceResults.Error(unread) : null;

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json");

    private static JsonArray Levels(IReadOnlyList<Bourse.MarketData.Books.BookLevel> levels, MarketListing listing) =>
        new([.. levels.Select(l => (JsonNode)new JsonArray(Price(l.Price, listing), Quantity(l.Quantity, listing)))]);

    private static JsonArray TradeArray(IReadOnlyList<Bourse.MarketData.Trades.Trade> trades, MarketListing listing) =>
        new([.. trades.Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t.Id,
            ["price"] = Price(t.Price, listing),
            ["qty"] = Quantity(t.Quantity, listing),
            ["quoteQty"] = DecimalUnits.Format(t.QuoteQuantity, listing.QuoteAsset.Scale),
            ["time"] = t.Time,
            ["isBuyerMaker"] = t.IsBuyerMaker,
            ["isBestMatch"] = true,
        })]);

    private static string Price(long units, MarketListing listing) => DecimalUnits.Format(units, listing.QuoteAsset.Scale);

    private static string SignedPrice(long units, MarketListing listing) =>
        units < 0 ? "-" + Price(-units, listing) : Price(units, listing);

    private static string Quantity(long units, MarketListing listing) => DecimalUnits.Format(units, listing.BaseAsset.Scale);

    /// <summary>A 128-bit amount (volumes add up past a long) at <paramref name="scale"/> decimals.</summary>
    private static string Big(Int128 units, int scale)
    {
        var unit = Int128.One;
        for (var i = 0; i < scale; i++)
        {
            unit *= 10;
        }

        var whole = units / unit;
        var fraction = (units % unit).ToString(CultureInfo.InvariantCulture).PadLeft(scale, '0');
        return scale == 0 ? whole.ToString(CultureInfo.InvariantCulture) : $"{whole.ToString(CultureInfo.InvariantCulture)}.{fraction}";
    }
}
