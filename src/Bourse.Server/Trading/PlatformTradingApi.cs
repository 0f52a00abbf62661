using System.Globalization;
using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Server.Engine;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.Limits;
using Bourse.Server.Views;
using Bourse.Store;
using Bourse.Trading;

namespace Bourse.Server.Trading;

/// <summary>
/// <c>/api/v1</c> trading for the web UI: balances, orders and history of the signed-in user. Orders are read from
/// their JSON into trading intents (<see cref="PlatformOrderReader"/>) and go through the same
/// <see cref="TradingIntake"/> and engine gateway as /api/v3, so both APIs accept and refuse alike; refusals are typed
/// and become problems (<see cref="TradingProblems"/>). Every lookup and command is scoped to the caller's user id, so another user's order is
/// indistinguishable from a missing one.
/// </summary>
public static class PlatformTradingApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private static readonly TimeSpan HistoryReadWait = TimeSpan.FromSeconds(5);

    /// <summary>The services every handler uses, bundled for minimal APIs.</summary>
    public sealed record TradingServices(EngineHost Host, ReferenceDataView Reference, AccountViews Accounts, HistoryProjection History,
        OrderCountLimiter OrderCounts, TradingIntake Intake, UserLocks Locks)
    {
        public BinanceMarket? Market(string symbol) => Reference.FindMarket(symbol) is { } m ? m.ToBinance() : null;

        public BinanceMarket? Market(int marketId) => Reference.FindMarket(marketId) is { } m ? m.ToBinance() : null;
    }

    public static void MapPlatformTradingApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/v1/account").WithTags("Account").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        account.MapGet("/balances", Balances).Produces<IReadOnlyList<PlatformBalance>>().ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Free, locked and staked (incl. unbonding) amounts of every listed asset, zeros included.");

        var orders = app.MapGroup("/api/v1/orders").WithTags("Orders").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        orders.MapPost("/", PlaceOrder).Accepts<PlaceOrderRequest>("application/json").Produces<PlatformOrder>(201).Produces<PlatformOrder>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(429).ProducesProblem(503)
            .WithSummary("Place an order (rules as POST /api/v3/order); a retry with the same clientOrderId returns the first order (200).");
        orders.MapGet("/open", OpenOrders).Produces<IReadOnlyList<PlatformOrder>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Open orders, newest first, of one symbol or all.");
        orders.MapGet("/history", OrderHistory).Produces<OrderPage>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(503)
            .WithSummary("Orders of a symbol, open or not, newest first; page with 'limit' (1–500, default 50) and 'cursor'.");
        orders.MapGet("/{orderId}", GetOrder).Produces<PlatformOrder>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(503).WithSummary("One of the user's orders (needs its symbol).");
        orders.MapDelete("/{orderId}", CancelOrder).Produces<PlatformOrder>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(503).WithSummary("Cancel one of the user's open orders (needs its symbol).");
        orders.MapDelete("/", CancelAll).Produces<IReadOnlyList<PlatformOrder>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .ProducesProblem(409).ProducesProblem(503).WithSummary("Cancel every open order of a symbol; answers the canceled orders (none: []).");

        app.MapGet("/api/v1/trades", Trades).WithTags("Orders").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone).Produces<TradePage>().ProducesProblem(400).ProducesProblem(401)
            .ProducesProblem(403).ProducesProblem(503)
            .WithSummary("The user's trades in a symbol, newest first; page with 'limit' (1–500, default 50) and 'cursor'.");
    }

    private static IResult Balances(HttpContext context, [AsParameters] TradingServices s)
    {
        var (userId, _) = PlatformUser.Of(context);
        var (balances, _) = s.Accounts.Balances(userId);
        var listed = s.Reference.Assets.Select(a =>
        {
            var (available, locked, staked) = balances.GetValueOrDefault(a.Id);
            return new PlatformBalance(a.Code, DecimalUnits.Format(available, a.Scale), DecimalUnits.Format(locked, a.Scale),
                DecimalUnits.Format(staked, a.Scale));
        }).ToList();
        return Results.Json(listed, PlatformJson.Options);
    }

    private static async Task<IResult> PlaceOrder(HttpContext context, [AsParameters] TradingServices s)
    {
        var (body, problem) = await PlatformJson.ReadAsync<PlaceOrderRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        var (intent, unreadable) = PlatformOrderReader.Read(body!, userId, s.Intake);
        if (unreadable is not null)
        {
            return TradingProblems.From(context, unreadable);
        }

        // The market's status and filters are checked once the order is counted (in Submit), as when the core alone did.
        var placed = s.Intake.TranslateOrder(intent!);
        if (!placed.IsAccepted)
        {
            return TradingProblems.From(context, placed.Rejection);
        }

        var request = placed.Value;
        if (body!.ClientOrderId is null)
        {
            return await Submit(context, s, userId, request, intent!.IcebergQuantity is not null).ConfigureAwait(false);
        }

        // Placing with a clientOrderId checks for an earlier order and submits under the user's lock, so two concurrent
        // retries cannot both pass the check.
        var placementLock = s.Locks.For(userId);
        await placementLock.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            var (earlier, lookupFailed) = await FindOrder(context, s, userId, request.Market.Id, null, request.ClientOrderId).ConfigureAwait(false);
            if (lookupFailed)
            {
                return TradingProblems.Busy(context);
            }

            if (earlier is not null)
            {
                return Replay(context, request, earlier.Value);
            }

            return await Submit(context, s, userId, request, intent!.IcebergQuantity is not null).ConfigureAwait(false);
        }
        finally
        {
            placementLock.Release();
        }
    }

    /// <summary>
    /// A retry of an order already placed with this clientOrderId: the order as it is now, with 200 rather than 201. A
    /// different order under a used clientOrderId is refused (409) rather than silently answered with the old one.
    /// </summary>
    private static IResult Replay(HttpContext context, ValidatedOrder request, (Event State, long UpdateTime) earlier)
    {
        var command = request.Command;
        var state = earlier.State;
        if (state.Side != command.Side || state.OrderType != command.OrderType || state.Price != command.Price
            || state.StopPrice != command.StopPrice || state.Quantity != command.Quantity || state.QuoteQuantity != command.QuoteQuantity)
        {
            return ApiProblem.Result(StatusCodes.Status409Conflict, "client_order_id_in_use", "Conflict with the current state.",
                "Another order of this symbol already used this clientOrderId.", new Dictionary<string, object?> { ["orderId"] = state.OrderId });
        }

        PlatformQuery.MarkReplayed(context);
        return Results.Json(ToPlatform(OrderReports.Of(state, earlier.UpdateTime), BinanceMarket.From(request.Market)), PlatformJson.Options);
    }

    private static async Task<IResult> Submit(HttpContext context, TradingServices s, long userId, ValidatedOrder request, bool icebergSent)
    {
        var count = s.OrderCounts.Take(userId);
        if (count.Exceeded is { } exceeded)
        {
            return TradingProblems.TooManyOrders(context, exceeded);
        }

        if (TradingIntake.CheckMarketRules(request) is { } refused)
        {
            return TradingProblems.From(context, refused);
        }

        var (outcome, notTaken) = await SubmitAsync(context, s, request.Command).ConfigureAwait(false);
        if (notTaken is not null)
        {
            return notTaken;
        }

        // A fill-or-kill that cannot fill is answered as an expired order, as /api/v3 does; other refusals are problems.
        if (outcome!.Status == SubmitStatus.Rejected && outcome.Reason != RejectReason.FokNotFillable)
        {
            return TradingProblems.From(context, CoreRejections.ForPlacement(outcome.Reason));
        }

        var placed = OrderReports.Placed([.. outcome.Events]);
        if (placed.Order is null)
        {
            // Refusals were answered above from the outcome; events that name no order are not expected.
            return TradingProblems.From(context, new Rejection(TradingRejection.Unknown));
        }

        var order = ToPlatform(placed, BinanceMarket.From(request.Market), request.Command.ClientOrderId!, icebergSent);
        context.Response.Headers.Location = $"/api/v1/orders/{order.OrderId.ToString(CultureInfo.InvariantCulture)}?symbol={order.Symbol}";
        return Results.Json(order, PlatformJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static IResult OpenOrders(HttpContext context, [AsParameters] TradingServices s)
    {
        var (symbol, problem) = PlatformQuery.Text(context, "symbol", required: false);
        if (problem is not null)
        {
            return problem;
        }

        BinanceMarket? market = null;
        if (symbol is not null && (market = s.Market(symbol)) is null)
        {
            return TradingProblems.From(context, Rejection.UnknownSymbol);
        }

        var (userId, _) = PlatformUser.Of(context);
        var orders = s.Accounts.OpenOrders(userId, market?.Spec.Id)
            .OrderByDescending(o => o.OrderId)
            .Select(o => s.Market(o.State.MarketId) is { } m ? ToPlatform(OrderReports.Of(o.State, o.UpdateTime), m) : null)
            .OfType<PlatformOrder>()
            .ToList();
        return Results.Json(orders, PlatformJson.Options);
    }

    private static async Task<IResult> GetOrder(HttpContext context, string orderId, [AsParameters] TradingServices s)
    {
        var (market, id, problem) = ReadTarget(context, s, orderId);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        var (found, lookupFailed) = await FindOrder(context, s, userId, market!.Spec.Id, id, null).ConfigureAwait(false);
        if (lookupFailed)
        {
            return TradingProblems.Busy(context);
        }

        return found is { } order
            ? Results.Json(ToPlatform(OrderReports.Of(order.State, order.UpdateTime), market), PlatformJson.Options)
            : ApiProblem.NotFound("order");
    }

    private static async Task<IResult> CancelOrder(HttpContext context, string orderId, [AsParameters] TradingServices s)
    {
        var (market, id, problem) = ReadTarget(context, s, orderId);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        var cancel = s.Intake.CancelOrder(new CancelOrderIntent(userId, market!.Symbol, new OrderTarget(id, null)));
        if (!cancel.IsAccepted)
        {
            return TradingProblems.From(context, cancel.Rejection);
        }

        var (outcome, notTaken) = await SubmitAsync(context, s, cancel.Value.Command).ConfigureAwait(false);
        if (notTaken is not null)
        {
            return notTaken;
        }

        if (outcome!.Status == SubmitStatus.Rejected)
        {
            var refused = CoreRejections.ForCancel(outcome.Reason);
            return refused.Kind == TradingRejection.UnknownOrder ? ApiProblem.NotFound("order") : TradingProblems.From(context, refused);
        }

        var state = outcome.Events.First(e => e.Type == EventType.OrderCanceled);
        return Results.Json(ToPlatform(OrderReports.Of(state, state.Timestamp), market), PlatformJson.Options);
    }

    private static async Task<IResult> CancelAll(HttpContext context, [AsParameters] TradingServices s)
    {
        var (symbol, problem) = PlatformQuery.Text(context, "symbol", required: true);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        if (PlatformOrderReader.CheckSymbol(symbol!) is { } unreadable)
        {
            return TradingProblems.From(context, unreadable);
        }

        var cancel = s.Intake.CancelAll(new CancelAllIntent(userId, symbol!));
        if (!cancel.IsAccepted)
        {
            return TradingProblems.From(context, cancel.Rejection);
        }

        var (outcome, notTaken) = await SubmitAsync(context, s, cancel.Value.Command).ConfigureAwait(false);
        if (notTaken is not null)
        {
            return notTaken;
        }

        if (outcome!.Status == SubmitStatus.Rejected)
        {
            // The core refuses a cancel-all that finds nothing; for the platform API there was simply nothing to cancel.
            var refused = CoreRejections.ForCancel(outcome.Reason);
            return refused.Kind == TradingRejection.UnknownOrder
                ? Results.Json(Array.Empty<PlatformOrder>(), PlatformJson.Options)
                : TradingProblems.From(context, refused);
        }

        var market = BinanceMarket.From(cancel.Value.Market);
        var orders = outcome.Events.Where(e => e.Type == EventType.OrderCanceled)
            .Select(e => ToPlatform(OrderReports.Of(e, e.Timestamp), market))
            .ToList();
        return Results.Json(orders, PlatformJson.Options);
    }

    private static async Task<IResult> OrderHistory(HttpContext context, [AsParameters] TradingServices s)
    {
        var (market, limit, cursor, userId, problem) = await OpenPageAsync(context, s, HistoryCursor.TryParseOrders).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // One more than asked says whether an older page exists.
        var query = new HistoryQuery(userId, market!.Spec.Id, limit + 1) { ToId = cursor is { } c ? c.Id - 1 : null };
        var rows = await s.History.ReadAsync((store, ct) => store.OrdersAsync(query, ct), context.RequestAborted).ConfigureAwait(false);
        if (!rows.Succeeded)
        {
            return TradingProblems.Busy(context);
        }

        var newestFirst = rows.Value.Reverse().ToList();
        var page = newestFirst.Take(limit).ToList();
        var next = newestFirst.Count > limit ? HistoryCursor.ForOrders(page[^1].OrderId) : null;
        return Results.Json(new OrderPage(page.Select(o => ToPlatform(OrderReports.Of(StoredOrderState.Of(o), o.UpdateTime), market)).ToList(), next),
            PlatformJson.Options);
    }

    private static async Task<IResult> Trades(HttpContext context, [AsParameters] TradingServices s)
    {
        var (market, limit, cursor, userId, problem) = await OpenPageAsync(context, s, HistoryCursor.TryParseTrades).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // Rows are (trade id, order id), newest first. The page after a cursor starts at the cursor's trade id, so up to
        // two rows of that trade (both sides, when the user traded with themself) were already shown; one more than
        // asked says whether an older page exists.
        var query = new HistoryQuery(userId, market!.Spec.Id, limit + 3) { ToId = cursor?.Id };
        var rows = await s.History.ReadAsync((store, ct) => store.FillsAsync(query, ct), context.RequestAborted).ConfigureAwait(false);
        if (!rows.Succeeded)
        {
            return TradingProblems.Busy(context);
        }

        var newestFirst = rows.Value.Reverse()
            .Where(f => cursor is not { } c || f.TradeId < c.Id || (f.TradeId == c.Id && f.OrderId < c.OrderId))
            .ToList();
        var page = newestFirst.Take(limit).ToList();
        var next = newestFirst.Count > limit ? HistoryCursor.ForTrades(page[^1].TradeId, page[^1].OrderId) : null;
        return Results.Json(new TradePage(page.Select(f => FromFill(f, market)).ToList(), next), PlatformJson.Options);
    }

    /// <summary>An open or recent order from the account view, else from the history store; LookupFailed when the store could not answer.</summary>
    private static async Task<((Event State, long UpdateTime)? Order, bool LookupFailed)> FindOrder(HttpContext context, TradingServices s,
        long userId, int marketId, long? orderId, string? clientOrderId)
    {
        if (s.Accounts.FindOrder(userId, marketId, orderId ?? 0, clientOrderId) is { } recent)
        {
            return ((recent.State, recent.UpdateTime), false);
        }

        if (!await s.History.CaughtUpAsync(HistoryReadWait, context.RequestAborted).ConfigureAwait(false)
            || await s.History.ReadAsync((store, ct) => store.FindOrderAsync(userId, marketId, orderId, clientOrderId, ct), context.RequestAborted)
                .ConfigureAwait(false) is not { Succeeded: true, Value: var stored })
        {
            return (null, true);
        }

        return stored is null ? (null, false) : ((StoredOrderState.Of(stored), stored.UpdateTime), false);
    }

    /// <summary>The order an /orders/{orderId}?symbol= request names.</summary>
    private static (BinanceMarket? Market, long OrderId, IResult? Problem) ReadTarget(HttpContext context, TradingServices s, string orderIdText)
    {
        if (!long.TryParse(orderIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var orderId) || orderId < 1)
        {
            return (null, 0, ApiProblem.BadRequest("invalid_parameter", "The order id must be a positive integer.", "orderId"));
        }

        var (symbol, problem) = PlatformQuery.Text(context, "symbol", required: true);
        if (problem is not null)
        {
            return (null, 0, problem);
        }

        return s.Market(symbol!) is { } market ? (market, orderId, null) : (null, 0, TradingProblems.From(context, Rejection.UnknownSymbol));
    }

    /// <summary>symbol (required), limit (1–500, default 50) and cursor of a history request.</summary>
    /// <summary>Runs a command through the engine gateway; its outcome once applied, or the problem when the engine did not take it.</summary>
    private static async Task<(SubmitOutcome? Outcome, IResult? Problem)> SubmitAsync(HttpContext context, TradingServices s, Command command)
    {
        var outcome = await s.Host.Gateway.SubmitAsync(command).ConfigureAwait(false);
        return outcome.IsApplied ? (outcome, null) : (null, TradingProblems.From(context, NotTaken(outcome.Status)));
    }

    private delegate bool CursorParser(string text, out HistoryCursor cursor);

    /// <summary>
    /// The common start of a history page: symbol, limit and cursor read and checked, the caller's user, and the store
    /// caught up with everything published before the request (read-your-writes).
    /// </summary>
    private static async Task<(BinanceMarket? Market, int Limit, HistoryCursor? Cursor, long UserId, IResult? Problem)> OpenPageAsync(
        HttpContext context, TradingServices s, CursorParser parse)
    {
        var (market, limit, cursorText, problem) = ReadPage(context, s);
        if (problem is not null)
        {
            return (null, 0, null, 0, problem);
        }

        HistoryCursor? cursor = null;
        if (cursorText is not null)
        {
            if (!parse(cursorText, out var parsed))
            {
                return (null, 0, null, 0, PlatformQuery.InvalidCursor());
            }

            cursor = parsed;
        }

        var (userId, _) = PlatformUser.Of(context);
        if (!await s.History.CaughtUpAsync(HistoryReadWait, context.RequestAborted).ConfigureAwait(false))
        {
            return (null, 0, null, 0, TradingProblems.Busy(context));
        }

        return (market, limit, cursor, userId, null);
    }

    private static (BinanceMarket? Market, int Limit, string? Cursor, IResult? Problem) ReadPage(HttpContext context, TradingServices s)
    {
        var (symbol, problem) = PlatformQuery.Text(context, "symbol", required: true);
        if (problem is not null)
        {
            return (null, 0, null, problem);
        }

        var (limitText, limitProblem) = PlatformQuery.Text(context, "limit", required: false);
        if (limitProblem is not null)
        {
            return (null, 0, null, limitProblem);
        }

        var limit = DefaultPageSize;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return (null, 0, null, ApiProblem.BadRequest("invalid_parameter", $"'limit' must be an integer from 1 to {MaxPageSize}.", "limit"));
        }

        var (cursor, cursorProblem) = PlatformQuery.Text(context, "cursor", required: false);
        if (cursorProblem is not null)
        {
            return (null, 0, null, cursorProblem);
        }

        return s.Market(symbol!) is { } market
            ? (market, limit, cursor, null)
            : (null, 0, null, TradingProblems.From(context, Rejection.UnknownSymbol));
    }


    /// <summary>An order as /api/v1 shows it; amounts padded to the asset's scale, as /api/v3 spells them.</summary>
    private static PlatformOrder ToPlatform(OrderReport o, BinanceMarket m) => new()
    {
        OrderId = o.OrderId,
        Symbol = m.Symbol,
        ClientOrderId = o.ClientOrderId ?? "",
        Side = WireEnums.Side.NameOf(o.Side),
        Type = WireEnums.OrderType.NameOf(o.Type),
        TimeInForce = WireEnums.TimeInForce.NameOf(o.TimeInForce),
        Status = WireEnums.OrderStatus.NameOf(o.Status),
        Price = m.FormatPrice(o.Price),
        Quantity = m.FormatQuantity(o.OriginalQuantity),
        ExecutedQuantity = m.FormatQuantity(o.ExecutedQuantity),
        ExecutedQuoteQuantity = m.FormatQuote(o.CumulativeQuote),
        QuoteQuantity = m.FormatQuote(o.QuoteQuantity),
        StopPrice = o.StopPrice is { } stop ? m.FormatPrice(stop) : null,
        IcebergQuantity = o.IcebergQuantity > 0 ? m.FormatQuantity(o.IcebergQuantity) : null,
        SelfTradePrevention = WireEnums.SelfTradePrevention.NameOf(o.SelfTradePrevention),
        CreatedAt = o.CreatedAt,
        UpdatedAt = o.UpdatedAt,
    };

    /// <summary>The answer to placing an order: as of the command that placed it, with that command's fills.</summary>
    private static PlatformOrder ToPlatform(PlacedOrder placed, BinanceMarket m, string clientOrderId, bool icebergSent)
    {
        var o = placed.Order!;
        return ToPlatform(o, m) with
        {
            ClientOrderId = o.ClientOrderId ?? clientOrderId,
            IcebergQuantity = icebergSent ? m.FormatQuantity(o.IcebergQuantity) : null,
            CreatedAt = placed.TransactTime,
            UpdatedAt = placed.TransactTime,
            Fills = [.. o.Fills.Select(f => new PlatformFill(f.TradeId, m.FormatPrice(f.Price), m.FormatQuantity(f.Quantity),
                m.FormatAmount(f.CommissionAssetId, f.Commission), m.AssetOf(f.CommissionAssetId).Code))],
        };
    }

    private static PlatformTrade FromFill(StoredFill fill, BinanceMarket market)
    {
        var t = StoredFillResponses.MyTrade(fill, market);
        return new PlatformTrade(t.Id, t.OrderId, t.Symbol, t.IsBuyer ? "BUY" : "SELL", t.Price, t.Qty, t.QuoteQty, t.Commission,
            t.CommissionAsset, t.IsMaker, t.Time);
    }

    /// <summary>What to tell a client when the engine did not take its command.</summary>
    private static Rejection NotTaken(SubmitStatus status) => new(status switch
    {
        SubmitStatus.Overloaded or SubmitStatus.Stopped => TradingRejection.Busy,
        SubmitStatus.Refused => TradingRejection.Refused,
        SubmitStatus.Faulted => TradingRejection.OutcomeUnknown,
        _ => TradingRejection.Unknown,
    });
}
