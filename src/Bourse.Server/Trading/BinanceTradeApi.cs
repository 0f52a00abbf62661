using System.Globalization;
using Bourse.Api.Binance;
using Bourse.Core;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Server.ApiKeys;
using Bourse.Server.Engine;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.Limits;
using Bourse.Server.OpenApi;
using Bourse.Server.Views;
using Bourse.Store;
using Bourse.Trading;

namespace Bourse.Server.Trading;

/// <summary>Binance's signed trading and account endpoints: orders go to the engine; reads come from the views.</summary>
public static class BinanceTradeApi
{
    // Per-user tiers reach the views with the accounts capability; until then everyone shows tier 0.
    private static readonly FeeTier DefaultFees = new CoreOptions().DefaultFeeTier;

    // Binance refuses history windows longer than a day.
    private const long MaxHistoryWindow = 24 * 60 * 60 * 1000L;

    private static readonly TimeSpan HistoryReadWait = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapBinanceTradeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v3").WithTags("Binance trading");
        api.MapPost("/order", PlaceOrder).WithName("NewOrder").WithSummary("Place an order (TRADE).")
            .BinanceSigned(BinanceOrderParameters.NewOrder);
        api.MapPost("/order/test", TestOrder).WithName("TestNewOrder").WithSummary("Validate an order without placing it (TRADE).")
            .BinanceSigned(BinanceOrderParameters.TestOrder);
        api.MapDelete("/order", CancelOrder).WithName("CancelOrder").WithSummary("Cancel an open order (TRADE).")
            .BinanceSigned(BinanceOrderParameters.CancelOrder);
        api.MapGet("/order", QueryOrder).WithName("QueryOrder").WithSummary("An order's state (USER_DATA).")
            .BinanceSigned(BinanceOrderParameters.QueryOrder);
        api.MapGet("/openOrders", OpenOrders).WithName("OpenOrders").WithSummary("Open orders, of one symbol or all (USER_DATA).")
            .BinanceSigned(BinanceParameter.OptionalSymbol);
        api.MapDelete("/openOrders", CancelOpenOrders).WithName("CancelOpenOrders").WithSummary("Cancel every open order of a symbol (TRADE).")
            .BinanceSigned(BinanceParameter.Symbol);
        api.MapGet("/account", Account).WithName("Account").WithSummary("Balances and commission rates (USER_DATA).")
            .BinanceSigned(BinanceParameter.Optional("omitZeroBalances", BinanceValueType.Boolean, "Leave out assets with nothing free or locked."));
        api.MapGet("/account/commission", AccountCommission).WithName("AccountCommission")
            .WithSummary("The account's commission rates in a symbol (USER_DATA).").BinanceSigned(BinanceParameter.Symbol);
        api.MapPost("/order/cancelReplace", CancelReplace).WithName("CancelReplace").WithSummary("Cancel an order and place another (TRADE).")
            .BinanceSigned(BinanceOrderParameters.CancelReplace);
        api.MapGet("/allOrders", AllOrders).WithName("AllOrders").WithSummary("Orders of a symbol, open or not (USER_DATA).")
            .BinanceSigned(BinanceParameter.Symbol, BinanceParameter.Optional("orderId", BinanceValueType.Integer, "From this order id on."),
                BinanceParameter.StartTime, BinanceParameter.EndTime, BinanceParameter.Limit(500, 1_000));
        api.MapGet("/myTrades", MyTrades).WithName("MyTrades").WithSummary("The user's trades in a symbol (USER_DATA).")
            .BinanceSigned(BinanceParameter.Symbol, BinanceParameter.Optional("orderId", BinanceValueType.Integer, "Only the trades of this order."),
                BinanceParameter.StartTime, BinanceParameter.EndTime,
                BinanceParameter.FromId("Trade id to start from; not together with startTime or endTime."), BinanceParameter.Limit(500, 1_000));

        // Binance serves trading fees under its wallet API; CCXT's fetchTradingFee(s) read them there.
        app.MapGroup("/sapi/v1").WithTags("Binance trading").MapGet("/asset/tradeFee", TradeFee).WithName("TradeFee")
            .WithSummary("The account's maker and taker rates, of one symbol or all (USER_DATA).").BinanceSigned(BinanceParameter.OptionalSymbol);
        return app;
    }

    /// <summary>The services every handler uses, bundled for minimal APIs.</summary>
    public sealed record Services(EngineHost Host, ApiKeyStore Keys, TimeProvider Time, ReferenceDataView Reference, AccountViews Accounts,
        TradingIntake Intake)
    {
        public BinanceMarket? Market(string symbol) => Reference.FindMarket(symbol) is { } m ? m.ToBinance() : null;
    }

    private static Task<IResult> PlaceOrder(HttpRequest request, [AsParameters] Services s) =>
        Submit(request, s, (p, user) => OrderRequests.PlaceOrder(p, user, s.Intake, ClientOrderIds.Shared), r => r.Command, OrderResponses.Placed,
            newOrder: true, counted: OrderRequests.CheckMarketRules);

    /// <summary>
    /// Every check POST /order makes before the engine, then nothing: the order is neither counted nor placed. With
    /// <c>computeCommissionRates</c> it answers the rates a fill would pay, as GET /account reports them.
    /// </summary>
    private static Task<IResult> TestOrder(HttpRequest request, [AsParameters] Services s) =>
        Signed(request, s, "trade", (parameters, userId) =>
        {
            var test = OrderRequests.TestOrder(parameters, userId, s.Intake, ClientOrderIds.Shared);
            if (test.Error is not null)
            {
                return BinanceResults.Error(test.Error);
            }

            return test.Value!.ComputeCommissionRates
                ? BinanceResults.Ok(CommissionResponses.ForTestOrder(DefaultFees))
                : Results.Text("{}", "application/json");
        });

    private static Task<IResult> AccountCommission(HttpRequest request, [AsParameters] Services s) =>
        Signed(request, s, "read", (parameters, _) =>
        {
            parameters.MarkSignedParametersRead();
            var symbol = parameters.RequiredSymbol();
            if (parameters.EnsureAllRead() is { } error)
            {
                return BinanceResults.Error(error);
            }

            return s.Market(symbol) is { } market
                ? BinanceResults.Ok(CommissionResponses.ForAccount(market.Spec.Symbol, DefaultFees))
                : BinanceResults.Error(BinanceErrors.InvalidSymbol);
        });

    /// <summary>GET /sapi/v1/asset/tradeFee: Binance's wallet view of the same rates, for one symbol or every market.</summary>
    private static Task<IResult> TradeFee(HttpRequest request, [AsParameters] Services s) =>
        Signed(request, s, "read", (parameters, _) =>
        {
            parameters.MarkSignedParametersRead();
            var symbol = parameters.OptionalSymbol();
            if (parameters.EnsureAllRead() is { } error)
            {
                return BinanceResults.Error(error);
            }

            if (symbol is null)
            {
                return BinanceResults.Ok(s.Reference.Markets.Select(m => CommissionResponses.TradeFee(m.Spec.Symbol, DefaultFees)).ToList());
            }

            return s.Market(symbol) is { } market
                ? BinanceResults.Ok(new List<TradeFeeResponse> { CommissionResponses.TradeFee(market.Spec.Symbol, DefaultFees) })
                : BinanceResults.Error(BinanceErrors.InvalidSymbol);
        });

    private static Task<IResult> CancelOrder(HttpRequest request, [AsParameters] Services s) =>
        Submit(request, s, (p, user) => OrderRequests.CancelOrder(p, user, s.Intake, ClientOrderIds.Shared), r => r.Command, OrderResponses.Canceled);

    private static Task<IResult> CancelOpenOrders(HttpRequest request, [AsParameters] Services s) =>
        Submit(request, s, (p, user) => OrderRequests.CancelOpenOrders(p, user, s.Intake), r => r.Command,
            (events, r) => OrderResponses.CanceledAll(events, r));

    /// <summary>
    /// An order's state from the account view (open and recent orders), or else from the history store, so an order
    /// from before a restart or far back is still found.
    /// </summary>
    private static Task<IResult> QueryOrder(HttpRequest request, [AsParameters] Services s, HistoryProjection history) =>
        Signed(request, s, "read", async (parameters, userId) =>
        {
            var lookup = OrderRequests.QueryOrder(parameters, s.Intake);
            if (lookup.Error is not null)
            {
                return BinanceResults.Error(lookup.Error);
            }

            var (market, orderId, clientOrderId) = lookup.Value!;
            if (s.Accounts.FindOrder(userId, market.Spec.Id, orderId ?? 0, clientOrderId) is { } recent)
            {
                return BinanceResults.Ok(OrderResponses.Query(recent.State, recent.UpdateTime, market));
            }

            var aborted = request.HttpContext.RequestAborted;
            if (!await history.CaughtUpAsync(HistoryReadWait, aborted).ConfigureAwait(false)
                || await history.ReadAsync((store, ct) => store.FindOrderAsync(userId, market.Spec.Id, orderId, clientOrderId, ct), aborted)
                    .ConfigureAwait(false) is not { Succeeded: true, Value: var stored })
            {
                return BinanceResults.Error(BinanceErrors.ServerBusy);
            }

            return stored is null
                ? BinanceResults.Error(BinanceErrors.OrderDoesNotExist)
                : BinanceResults.Ok(OrderResponses.Query(StoredOrderState.Of(stored), stored.UpdateTime, market));
        });

    private static Task<IResult> OpenOrders(HttpRequest request, [AsParameters] Services s) =>
        Signed(request, s, "read", (parameters, userId) =>
        {
            parameters.MarkSignedParametersRead();
            var symbol = parameters.OptionalSymbol();
            BinanceMarket? market = null;
            if (symbol is not null && (market = s.Market(symbol)) is null)
            {
                return BinanceResults.Error(BinanceErrors.InvalidSymbol);
            }

            if (parameters.EnsureAllRead() is { } unread)
            {
                return BinanceResults.Error(unread);
            }

            var orders = s.Accounts.OpenOrders(userId, market?.Spec.Id)
                .Select(o => OrderResponses.Query(o.State, o.UpdateTime, market ?? s.Reference.FindMarket(o.State.MarketId)!.ToBinance()))
                .ToList();
            return BinanceResults.Ok(orders);
        });

    private static Task<IResult> Account(HttpRequest request, [AsParameters] Services s) =>
        Signed(request, s, "read", (parameters, userId) =>
        {
            parameters.MarkSignedParametersRead();
            var omitZero = parameters.OptionalBool("omitZeroBalances") ?? false;
            if (parameters.EnsureAllRead() is { } unread)
            {
                return BinanceResults.Error(unread);
            }

            var (balances, updateTime) = s.Accounts.Balances(userId);
            var listed = s.Reference.Assets.Select(a =>
            {
                // Binance's account shows free and locked only; staked funds are the staking API's.
                var (available, locked, _) = balances.GetValueOrDefault(a.Id);
                return new AssetBalance(a, available, locked);
            });
            return BinanceResults.Ok(AccountResponses.Account(userId, DefaultFees, listed, updateTime, omitZero));
        });

    private static Task<IResult> CancelReplace(HttpRequest request, [AsParameters] Services s) =>
        Submit(request, s, (p, user) => OrderRequests.CancelReplace(p, user, s.Intake, ClientOrderIds.Shared), r => r.Command,
            OrderResponses.CancelReplaced, newOrder: true);

    /// <summary>
    /// allOrders and myTrades read the history store, after waiting (briefly) for it to hold every event published so
    /// far, so an order acknowledged a moment ago is always there. A store that cannot catch up answers -1008, never
    /// a page missing acknowledged rows.
    /// </summary>
    private static Task<IResult> AllOrders(HttpRequest request, [AsParameters] Services s, HistoryProjection history) =>
        Signed(request, s, "read", async (parameters, userId) =>
        {
            var (market, from, start, end, limit, readError) = ReadHistoryQuery(parameters, s, "orderId");
            if (readError is not null)
            {
                return BinanceResults.Error(readError);
            }

            var aborted = request.HttpContext.RequestAborted;
            if (!await history.CaughtUpAsync(HistoryReadWait, aborted).ConfigureAwait(false))
            {
                return BinanceResults.Error(BinanceErrors.ServerBusy);
            }

            var query = new HistoryQuery(userId, market!.Spec.Id, limit) { FromId = from, StartTime = start, EndTime = end };
            var orders = await history.ReadAsync((store, ct) => store.OrdersAsync(query, ct), aborted).ConfigureAwait(false);
            return orders.Succeeded
                ? BinanceResults.Ok(orders.Value.Select(o => OrderResponses.Query(StoredOrderState.Of(o), o.UpdateTime, market)).ToList())
                : BinanceResults.Error(BinanceErrors.ServerBusy);
        });

    private static Task<IResult> MyTrades(HttpRequest request, [AsParameters] Services s, HistoryProjection history) =>
        Signed(request, s, "read", async (parameters, userId) =>
        {
            var orderId = parameters.OptionalLong("orderId", min: 1);
            var (market, from, start, end, limit, readError) = ReadHistoryQuery(parameters, s, "fromId");
            if (readError is not null)
            {
                return BinanceResults.Error(readError);
            }

            // Binance pages trades by id or by time, not both.
            if (from is not null && (start is not null || end is not null))
            {
                return BinanceResults.Error(BinanceErrors.InvalidCombination);
            }

            var aborted = request.HttpContext.RequestAborted;
            if (!await history.CaughtUpAsync(HistoryReadWait, aborted).ConfigureAwait(false))
            {
                return BinanceResults.Error(BinanceErrors.ServerBusy);
            }

            var query = new HistoryQuery(userId, market!.Spec.Id, limit) { FromId = from, OrderId = orderId, StartTime = start, EndTime = end };
            var fills = await history.ReadAsync((store, ct) => store.FillsAsync(query, ct), aborted).ConfigureAwait(false);
            return fills.Succeeded
                ? BinanceResults.Ok(fills.Value.Select(f => StoredFillResponses.MyTrade(f, market)).ToList())
                : BinanceResults.Error(BinanceErrors.ServerBusy);
        });

    /// <summary>Reads the paging parameters both history endpoints share; absent ones are null.</summary>
    private static (BinanceMarket? Market, long? From, long? Start, long? End, int Limit, BinanceError? Error) ReadHistoryQuery(
        ParameterReader parameters, Services s, string fromName)
    {
        parameters.MarkSignedParametersRead();
        var symbol = parameters.RequiredSymbol();
        var from = parameters.OptionalLong(fromName);
        var start = parameters.OptionalLong("startTime");
        var end = parameters.OptionalLong("endTime");
        var limit = (int)(parameters.OptionalLong("limit", min: 1, max: 1_000) ?? 500);
        if (parameters.Error is { } error)
        {
            return (null, null, null, null, 0, error);
        }

        if (parameters.EnsureAllRead() is { } unread)
        {
            return (null, null, null, null, 0, unread);
        }

        if (start is not null && end is not null && end - start > MaxHistoryWindow)
        {
            return (null, null, null, null, 0, BinanceErrors.LookupIntervalTooBig(24));
        }

        var market = s.Market(symbol);
        return market is null ? (null, null, null, null, 0, BinanceErrors.InvalidSymbol) : (market, from, start, end, limit, null);
    }

    /// <summary>
    /// A signed TRADE request that becomes one engine command: authenticate, translate (a translation error changes
    /// nothing), count it against the account's order limits when it places an order, then check what
    /// <paramref name="counted"/> checks of a counted order (the market's rules: a refused order still counts, as
    /// when the core alone refused it), submit, and answer from the command's events once it is durable.
    /// </summary>
    private static Task<IResult> Submit<TRequest, TResponse>(HttpRequest request, Services s,
        Func<ParameterReader, long, BinanceResult<TRequest>> translate, Func<TRequest, Command> command,
        Func<ReadOnlySpan<Event>, TRequest, BinanceResult<TResponse>> respond, bool newOrder = false, Func<TRequest, BinanceError?>? counted = null)
        where TRequest : notnull
        where TResponse : notnull =>
        Signed(request, s, "trade", async (parameters, userId) =>
        {
            var translated = translate(parameters, userId);
            if (translated.Error is not null)
            {
                return BinanceResults.Error(translated.Error);
            }

            if (newOrder)
            {
                var count = request.HttpContext.RequestServices.GetRequiredService<OrderCountLimiter>().Take(userId);
                if (count.Exceeded is not null)
                {
                    return BinanceResults.Error(count.Exceeded);
                }

                var headers = request.HttpContext.Response.Headers;
                headers["X-MBX-ORDER-COUNT-10S"] = count.InTenSeconds.ToString(CultureInfo.InvariantCulture);
                headers["X-MBX-ORDER-COUNT-1D"] = count.InDay.ToString(CultureInfo.InvariantCulture);
            }

            if (counted?.Invoke(translated.Value!) is { } refused)
            {
                return BinanceResults.Error(refused);
            }

            var outcome = await s.Host.Gateway.SubmitAsync(command(translated.Value!)).ConfigureAwait(false);
            return outcome.IsApplied
                ? BinanceResults.From(respond([.. outcome.Events], translated.Value!))
                : BinanceResults.Error(EngineError(outcome.Status));
        });

    private static Task<IResult> Signed(HttpRequest request, Services s, string permission, Func<ParameterReader, long, IResult> handle) =>
        Signed(request, s, permission, (parameters, userId) => Task.FromResult(handle(parameters, userId)));

    /// <summary>Authenticates a signed request (key, permission, signature, recvWindow), then hands over its parameters and user.</summary>
    private static async Task<IResult> Signed(HttpRequest request, Services s, string permission,
        Func<ParameterReader, long, Task<IResult>> handle)
    {
        var (parameters, userId, error) = await BinanceRequest.ReadSignedAsync(request, s.Keys, s.Time, permission).ConfigureAwait(false);
        return error is not null ? BinanceResults.Error(error) : await handle(parameters!, userId).ConfigureAwait(false);
    }

    /// <summary>What to tell a client when the engine did not take its command.</summary>
    private static BinanceError EngineError(SubmitStatus status) => status switch
    {
        SubmitStatus.Overloaded or SubmitStatus.Stopped => BinanceErrors.ServerBusy,
        SubmitStatus.Faulted => BinanceErrors.Timeout,
        SubmitStatus.Refused => BinanceErrors.IllegalCharacters,
        _ => BinanceErrors.Unknown,
    };
}
