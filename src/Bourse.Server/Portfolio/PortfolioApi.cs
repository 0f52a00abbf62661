using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.Views;
using Bourse.Store;
using Bourse.Store.Portfolio;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Portfolio;

/// <summary>
/// <c>/api/v1/portfolio</c>: the signed-in user's holdings valued at live prices, value over time, profit and loss by
/// average cost, and lifetime statistics. Everything is the caller's own: no route names another user. PnL and
/// statistics read the user's whole history, so they are expensive reads (<see cref="ExpensiveReads"/>): one of each
/// at a time per user, a few at a time per server.
/// </summary>
public static partial class PortfolioApi
{
    public const int MaxHistoryPoints = 1_000;
    public const string PnlRead = "portfolio.pnl";
    public const string StatisticsRead = "portfolio.statistics";
    public static readonly TimeSpan DefaultHistoryRange = TimeSpan.FromDays(30);
    private static readonly TimeSpan HistoryReadWait = TimeSpan.FromSeconds(5);
    private const string QuoteDescription = "The asset code to value in, e.g. `USDT` or `BTC` (default: the operator's `Bourse:Portfolio:QuoteAsset`).";

    // Unpriced figures are null, and say so, rather than vanish.
    private static readonly JsonSerializerOptions Json = new(PlatformJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The services every handler uses, bundled for minimal APIs.</summary>
    public sealed record PortfolioServices(AccountViews Accounts, ReferenceDataView Reference, LivePrices Prices, CostHistory Costs, SqlPortfolioStore Store,
        HistoryProjection History, IOptions<PortfolioOptions> Options, TimeProvider Time, ILoggerFactory Loggers);

    public static void MapPortfolioApi(this IEndpointRouteBuilder app)
    {
        var portfolio = app.MapGroup("/api/v1/portfolio").WithTags("Portfolio").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        portfolio.MapGet("/", Valuation).DocumentsQuery("quote", QuoteDescription).Produces<PortfolioValuation>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(503)
            .WithSummary("The user's holdings (available, locked, staked) valued at live prices in 'quote' (default: the configured asset), with allocation.");
        portfolio.MapGet("/history", History)
            .DocumentsQuery("from", "Start of the range, Unix ms (default: 30 days before `to`).", integer: true)
            .DocumentsQuery("to", "End of the range, Unix ms (default: now).", integer: true).Produces<PortfolioHistory>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(503)
            .WithSummary("The user's total value over time from periodic snapshots in [from, to] (Unix ms; default the last 30 days), the current value last.");
        portfolio.MapGet("/pnl", Pnl).LimitedAsExpensiveRead(PnlRead).DocumentsQuery("quote", QuoteDescription).Produces<PortfolioPnl>().ProducesProblem(400).ProducesProblem(401)
            .ProducesProblem(403).ProducesProblem(429).ProducesProblem(503).WithSummary("Per asset: quantity, average cost, realized and unrealized profit and loss by the average-cost method, in 'quote'.");
        portfolio.MapGet("/statistics", Statistics).LimitedAsExpensiveRead(StatisticsRead).DocumentsQuery("quote", QuoteDescription).Produces<PortfolioStatistics>().ProducesProblem(400)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503).WithSummary("Lifetime deposits, withdrawals, transfers, staking rewards and fees per asset, and their sums in 'quote' at live prices.");
    }

    private static IResult Valuation(HttpContext context, [AsParameters] PortfolioServices s)
    {
        var (quote, problem) = ReadQuote(context, s);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        var v = Value(s, userId, quote!);
        var assets = v.Holdings.Select(h => new PortfolioAsset(h.Holding.Asset.Code, Amount(h.Holding.Available, h.Holding.Asset),
            Amount(h.Holding.Locked, h.Holding.Asset), Amount(h.Holding.Staked, h.Holding.Asset), Amount(h.Holding.Total, h.Holding.Asset),
            Figure(h.Price, quote!), Figure(h.Value, quote!), h.AllocationPercent?.ToString("F2", CultureInfo.InvariantCulture))).ToList();
        return Results.Json(new PortfolioValuation(quote!.Code, Units.Format(v.Total, quote.Scale), s.Time.GetUtcNow().ToUnixTimeMilliseconds(), assets), Json);
    }

    private static async Task<IResult> History(HttpContext context, [AsParameters] PortfolioServices s)
    {
        var now = s.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var (to, toProblem) = ReadTime(context, "to", now);
        if (toProblem is not null)
        {
            return toProblem;
        }

        var (from, fromProblem) = ReadTime(context, "from", Math.Max(0, to - (long)DefaultHistoryRange.TotalMilliseconds));
        if (fromProblem is not null)
        {
            return fromProblem;
        }

        if (from > to)
        {
            return ApiProblem.BadRequest("invalid_range", "'from' must not be after 'to'.", "from");
        }

        if (s.Reference.Assets.FirstOrDefault(a => a.Code == s.Options.Value.QuoteAsset) is not { } quote)
        {
            return UnknownQuote(s.Options.Value.QuoteAsset);
        }

        var (userId, _) = PlatformUser.Of(context);
        IReadOnlyList<PortfolioSnapshot> snapshots;
        try
        {
            snapshots = await s.Store.SnapshotsAsync(userId, quote.Id, from, to, MaxHistoryPoints, context.RequestAborted).ConfigureAwait(false);
        }
        catch (DbException exception)
        {
            LogReadFailed(s.Loggers.CreateLogger(typeof(PortfolioApi)), exception, s.Store.Provider);
            return TradingProblems.Busy(context);
        }

        var points = snapshots.Select(p => new PortfolioPoint(p.Time, DecimalUnits.Format(p.Value, quote.Scale))).ToList();
        if (from <= now && now <= to)
        {
            points.Add(new PortfolioPoint(now, Units.Format(Value(s, userId, quote).Total, quote.Scale)));
        }

        return Results.Json(new PortfolioHistory(quote.Code, points), Json);
    }

    private static async Task<IResult> Pnl(HttpContext context, [AsParameters] PortfolioServices s)
    {
        var (quote, problem) = ReadQuote(context, s);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        if (!await s.History.CaughtUpAsync(HistoryReadWait, context.RequestAborted).ConfigureAwait(false))
        {
            return TradingProblems.Busy(context);
        }

        var valuation = Value(s, userId, quote!);
        AverageCostBook book;
        try
        {
            // Everything through the applied checkpoint is in the store, the caller's own fills included (caught up above).
            book = await s.Costs.ReplayAsync(userId, quote!, s.History.AppliedSequence, context.RequestAborted).ConfigureAwait(false);
        }
        catch (DbException exception)
        {
            LogReadFailed(s.Loggers.CreateLogger(typeof(PortfolioApi)), exception, s.Store.Provider);
            return TradingProblems.Busy(context);
        }

        var held = valuation.Holdings.ToDictionary(h => h.Holding.Asset.Id);
        var assetIds = held.Keys.Union(book.Positions.Where(p => p.Value.Realized != 0).Select(p => p.Key)).Order();
        var rows = new List<(AssetPnl Row, decimal? Cost, decimal? Value, decimal Realized, decimal? Unrealized)>();
        foreach (var assetId in assetIds)
        {
            if (s.Reference.FindAsset(assetId) is not { } asset)
            {
                continue;
            }

            var holding = held.GetValueOrDefault(assetId);
            var position = book.Positions.GetValueOrDefault(assetId);
            var quantity = holding?.Holding.Total ?? 0;
            var averageCost = position?.AverageCost;
            var costBasis = averageCost is { } average ? Units.Round(Units.Whole(quantity, asset.Scale) * average, quote!.Scale) : (decimal?)null;
            var value = holding?.Value ?? (quantity == 0 ? 0m : null);
            var price = holding?.Price ?? s.Prices.Price(assetId, quote!.Id);
            var realized = Units.Round(position?.Realized ?? 0m, quote!.Scale);
            var unrealized = costBasis is { } cost && value is { } worth ? worth - cost : (decimal?)null;
            if (quantity == 0)
            {
                (costBasis, unrealized) = (0m, 0m);
            }

            rows.Add((new AssetPnl(asset.Code, Amount(quantity, asset), Figure(averageCost, quote), Figure(costBasis, quote), Figure(price, quote),
                Figure(value, quote), Units.Format(realized, quote.Scale), Figure(unrealized, quote)), costBasis, value, realized, unrealized));
        }

        var complete = rows.Where(r => r.Unrealized is not null).ToList();
        var totals = new PnlTotals(Units.Format(complete.Sum(r => r.Cost!.Value), quote!.Scale), Units.Format(complete.Sum(r => r.Value!.Value), quote.Scale),
            Units.Format(rows.Sum(r => r.Realized), quote.Scale), Units.Format(complete.Sum(r => r.Unrealized!.Value), quote.Scale));
        return Results.Json(new PortfolioPnl(quote.Code, [.. rows.Select(r => r.Row)], totals), Json);
    }

    private static async Task<IResult> Statistics(HttpContext context, [AsParameters] PortfolioServices s)
    {
        var (quote, problem) = ReadQuote(context, s);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        if (!await s.History.CaughtUpAsync(HistoryReadWait, context.RequestAborted).ConfigureAwait(false))
        {
            return TradingProblems.Busy(context);
        }

        IReadOnlyList<ActivityTotal> activities;
        IReadOnlyList<CommissionTotal> commissions;
        try
        {
            activities = await s.Store.ActivityTotalsAsync(userId, context.RequestAborted).ConfigureAwait(false);
            commissions = [.. await s.Store.CommissionTotalsAsync(userId, context.RequestAborted).ConfigureAwait(false),
                .. await s.Store.ConvertFeeTotalsAsync(userId, context.RequestAborted).ConfigureAwait(false)];
        }
        catch (DbException exception)
        {
            LogReadFailed(s.Loggers.CreateLogger(typeof(PortfolioApi)), exception, s.Store.Provider);
            return TradingProblems.Busy(context);
        }

        long Sum(int assetId, params ActivityKind[] kinds) => activities.Where(a => a.AssetId == assetId && kinds.Contains(a.Kind)).Sum(a => a.Amount);
        var assetIds = activities.Select(a => a.AssetId).Union(commissions.Select(c => c.AssetId)).Order();
        var rows = new List<AssetStatistics>();
        var totals = new decimal[6];
        foreach (var assetId in assetIds)
        {
            if (s.Reference.FindAsset(assetId) is not { } asset)
            {
                continue;
            }

            long[] amounts =
            [
                Sum(assetId, ActivityKind.Deposit), Sum(assetId, ActivityKind.Withdrawal), Sum(assetId, ActivityKind.TransferIn),
                Sum(assetId, ActivityKind.TransferOut), Sum(assetId, ActivityKind.StakingReward),
                commissions.Where(c => c.AssetId == assetId).Sum(c => c.Amount)
                    + activities.Where(a => a.AssetId == assetId && a.Kind is ActivityKind.Withdrawal or ActivityKind.TransferOut).Sum(a => a.Fee),
            ];
            if (amounts.All(a => a == 0))
            {
                continue;
            }

            var price = s.Prices.Price(assetId, quote!.Id);
            MovementFigures? values = null;
            if (price is { } p)
            {
                var valued = amounts.Select(a => Units.Round(Units.Whole(a, asset.Scale) * p, quote.Scale)).ToArray();
                for (var i = 0; i < valued.Length; i++)
                {
                    totals[i] += valued[i];
                }

                values = Figures(valued.Select(v => Units.Format(v, quote.Scale)).ToArray());
            }

            rows.Add(new AssetStatistics(asset.Code, Figure(price, quote), Figures(amounts.Select(a => Amount(a, asset)).ToArray()), values));
        }

        return Results.Json(new PortfolioStatistics(quote!.Code, rows, Figures(totals.Select(t => Units.Format(t, quote.Scale)).ToArray())), Json);
    }

    /// <summary>
    /// The caller's holdings from the account view (balances as of the last durable batch, the caller's own writes
    /// included), valued at live prices.
    /// </summary>
    private static Valuation Value(PortfolioServices s, long userId, AssetSpec quote)
    {
        var holdings = Holding.Of(s.Accounts.Balances(userId).Balances, s.Reference.FindAsset);
        return Portfolio.Valuation.Of(holdings, quote, assetId => s.Prices.Price(assetId, quote.Id));
    }

    /// <summary>'quote': an asset code, sent at most once; the configured asset when absent.</summary>
    private static (AssetSpec? Quote, IResult? Problem) ReadQuote(HttpContext context, PortfolioServices s)
    {
        var code = s.Options.Value.QuoteAsset;
        if (context.Request.Query.TryGetValue("quote", out var values))
        {
            if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > 32)
            {
                return (null, ApiProblem.BadRequest("invalid_parameter", "Send 'quote' once, with an asset code.", "quote"));
            }

            code = values[0]!;
        }

        return s.Reference.Assets.FirstOrDefault(a => a.Code == code) is { } quote ? (quote, null) : (null, UnknownQuote(code));
    }

    private static IResult UnknownQuote(string code) =>
        ApiProblem.BadRequest("unknown_asset", $"There is no asset '{(code.Length > 32 ? code[..32] : code)}' to value the portfolio in.", "quote");

    /// <summary>A time in Unix milliseconds: a non-negative integer, sent at most once.</summary>
    private static (long Value, IResult? Problem) ReadTime(HttpContext context, string name, long fallback)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return (fallback, null);
        }

        return values.Count == 1 && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var time)
            ? (time, null)
            : (0, ApiProblem.BadRequest("invalid_parameter", $"'{name}' must be a time in Unix milliseconds (a non-negative integer), sent once.", name));
    }

    private static string Amount(long units, AssetSpec asset) => DecimalUnits.Format(units, asset.Scale);

    private static string? Figure(decimal? value, AssetSpec quote) => value is { } v ? Units.Format(v, quote.Scale) : null;

    private static MovementFigures Figures(string[] f) => new(f[0], f[1], f[2], f[3], f[4], f[5]);

    [LoggerMessage(EventId = 60, Level = LogLevel.Error, Message = "Portfolio store ({Provider}) query failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string provider);
}
