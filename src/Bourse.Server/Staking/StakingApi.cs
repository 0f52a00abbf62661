using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Core.Staking;
using Bourse.Server.Engine;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.Views;
using Bourse.Store;

namespace Bourse.Server.Staking;

/// <summary>
/// <c>/api/v1/staking</c>: the stakable assets, stake and unstake (idempotent by client reference), the user's positions
/// and reward history. Everything is scoped to the caller's user id; every change is an engine command.
/// </summary>
public static partial class StakingApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private static readonly TimeSpan HistoryReadWait = TimeSpan.FromSeconds(5);

    /// <summary>The services every handler uses, bundled for minimal APIs.</summary>
    public sealed record StakingServices(EngineHost Host, ReferenceDataView Reference, StakingView Positions, HistoryProjection History, TimeProvider Time);

    public static void MapStakingApi(this IEndpointRouteBuilder app)
    {
        var staking = app.MapGroup("/api/v1/staking").WithTags("Staking").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        staking.MapGet("/products", Products).Produces<IReadOnlyList<StakingProductResponse>>().ProducesProblem(401).ProducesProblem(403)
            .WithSummary("The stakable assets: yearly rate, minimum stake, unbonding time and reward period.");
        staking.MapPost("/stake", Stake).Accepts<StakingRequestBody>("application/json").Produces<StakeResponse>(201).Produces<StakeResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(429).ProducesProblem(503)
            .WithSummary("Stake available funds; they earn from the next reward period. A retry with the same clientReference returns the first stake (200).");
        staking.MapPost("/unstake", Unstake).Accepts<StakingRequestBody>("application/json").Produces<UnstakeResponse>(201).Produces<UnstakeResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(429).ProducesProblem(503)
            .WithSummary("Stop earning on staked funds; they become available after the unbonding period. Idempotent by clientReference.");
        staking.MapGet("/positions", Positions).Produces<IReadOnlyList<StakingPositionResponse>>().ProducesProblem(401).ProducesProblem(403)
            .WithSummary("The user's stake per asset: staked, earning, unbonding entries with release times, total rewards.");
        staking.MapGet("/rewards", Rewards).Produces<StakingRewardPage>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(503)
            .WithSummary("Rewards paid, newest first (optionally of one asset); page with 'limit' (1–500, default 50) and 'cursor'; totals per asset.");
    }

    private static async Task<IResult> Products([AsParameters] StakingServices s)
    {
        // Built on the engine thread: a product's last paid period moves without an event when a period pays no reward,
        // so no view can follow it.
        var products = await s.Host.Engine.QueryAsync(core => core.StakingProducts.Select(p =>
        {
            var asset = core.GetAsset(p.AssetId)!;
            return new StakingProductResponse(asset.Code, ((decimal)p.RatePpm / StakingProduct.RateScale).ToString(CultureInfo.InvariantCulture),
                DecimalUnits.Format(p.MinimumAmount, asset.Scale), p.UnbondingMs, p.PeriodMs, p.LastPaidPeriod);
        }).ToList()).ConfigureAwait(false);
        return Results.Json(products, PlatformJson.Options);
    }

    private static Task<IResult> Stake(HttpContext context, [AsParameters] StakingServices s) => Submit(context, s, unstake: false);

    private static Task<IResult> Unstake(HttpContext context, [AsParameters] StakingServices s) => Submit(context, s, unstake: true);

    private static async Task<IResult> Submit(HttpContext context, StakingServices s, bool unstake)
    {
        var (body, problem) = await PlatformJson.ReadAsync<StakingRequestBody>(context.Request,
            b => [("asset", b.Asset), ("amount", b.Amount), ("clientReference", b.ClientReference)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!ClientReference().IsMatch(body!.ClientReference!))
        {
            return ApiProblem.BadRequest("invalid_client_reference", "'clientReference' must be 1 to 64 of A-Z a-z 0-9 . _ : -", "clientReference");
        }

        var asset = s.Reference.Assets.FirstOrDefault(a => string.Equals(a.Code, body.Asset, StringComparison.OrdinalIgnoreCase));
        if (asset is null)
        {
            return StakingProblems.From(RejectReason.UnknownAsset);
        }

        switch (DecimalUnits.TryParse(body.Amount, asset.Scale, out var amount))
        {
            case DecimalParseStatus.TooPrecise:
                return ApiProblem.BadRequest("invalid_precision", $"'amount' has more than {asset.Scale} decimals, the precision of {asset.Code}.", "amount");
            case DecimalParseStatus.Ok when amount > 0:
                break;
            default:
                return StakingProblems.InvalidAmount();
        }

        var (userId, _) = PlatformUser.Of(context);
        var reference = body.ClientReference!;
        var command = unstake ? Command.Unstake(userId, asset.Id, amount, reference) : Command.Stake(userId, asset.Id, amount, reference);
        var outcome = await s.Host.Gateway.SubmitAsync(command).ConfigureAwait(false);
        if (!outcome.IsApplied)
        {
            return StakingProblems.Engine(outcome);
        }

        var rejected = outcome.Events.FirstOrDefault(e => e.Type == EventType.CommandRejected);
        if (rejected.Type == EventType.None)
        {
            var done = outcome.Events.First(e => e.Type is EventType.Staked or EventType.UnstakeStarted);
            var answer = Answer(unstake, new StakingRequest(done.ReferenceId, asset.Id, amount, done.ReleaseAt), asset, reference);
            return Results.Json(answer, PlatformJson.Options, statusCode: StatusCodes.Status201Created);
        }

        if (rejected.Reason != RejectReason.DuplicateReference)
        {
            return StakingProblems.From(rejected.Reason);
        }

        // A retry: the same request is answered as the first time; another one under the same reference is a conflict.
        var earlier = await s.Host.Engine.QueryAsync(core => unstake ? core.FindUnstake(userId, reference) : core.FindStake(userId, reference))
            .ConfigureAwait(false);
        if (earlier is not { } first || first.AssetId != asset.Id || first.Amount != amount)
        {
            return StakingProblems.ReferenceInUse(earlier?.Id ?? rejected.ReferenceId);
        }

        PlatformQuery.MarkReplayed(context);
        return Results.Json(Answer(unstake, first, asset, reference), PlatformJson.Options);
    }

    private static object Answer(bool unstake, StakingRequest request, AssetSpec asset, string reference) => unstake
        ? new UnstakeResponse(request.Id, asset.Code, DecimalUnits.Format(request.Amount, asset.Scale), request.ReleaseAt, reference)
        : new StakeResponse(request.Id, asset.Code, DecimalUnits.Format(request.Amount, asset.Scale), reference);

    private static IResult Positions(HttpContext context, [AsParameters] StakingServices s)
    {
        var (userId, _) = PlatformUser.Of(context);
        var now = s.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var positions = s.Positions.PositionsOf(userId).Select(p =>
        {
            var asset = s.Reference.FindAsset(p.AssetId)!;
            var current = now / s.Positions.PeriodMs[p.AssetId];
            return new StakingPositionResponse(asset.Code,
                DecimalUnits.Format(p.Staked, asset.Scale),
                DecimalUnits.Format(p.EarningIn(current), asset.Scale),
                DecimalUnits.Format(p.Unbonding.Sum(u => u.Amount), asset.Scale),
                p.Unbonding.Select(u => new UnbondingResponse(u.Id, DecimalUnits.Format(u.Amount, asset.Scale), u.ReleaseAt, u.Reference)).ToList(),
                DecimalUnits.Format(p.TotalRewards, asset.Scale));
        }).ToList();
        return Results.Json(positions, PlatformJson.Options);
    }

    private static async Task<IResult> Rewards(HttpContext context, [AsParameters] StakingServices s)
    {
        var (assetCode, problem) = PlatformQuery.Text(context, "asset");
        var (limitText, limitProblem) = PlatformQuery.Text(context, "limit");
        var (cursorText, cursorProblem) = PlatformQuery.Text(context, "cursor");
        if ((problem ?? limitProblem ?? cursorProblem) is { } invalid)
        {
            return invalid;
        }

        AssetSpec? asset = null;
        if (assetCode is not null && (asset = s.Reference.Assets.FirstOrDefault(a => string.Equals(a.Code, assetCode, StringComparison.OrdinalIgnoreCase))) is null)
        {
            return StakingProblems.From(RejectReason.UnknownAsset);
        }

        var limit = DefaultPageSize;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return ApiProblem.BadRequest("invalid_parameter", $"'limit' must be an integer from 1 to {MaxPageSize}.", "limit");
        }

        long? before = null;
        if (cursorText is not null)
        {
            if (!TryParseCursor(cursorText, out var sequence))
            {
                return PlatformQuery.InvalidCursor();
            }

            before = sequence;
        }

        var (userId, _) = PlatformUser.Of(context);
        // A database that fails answers "busy" (503), like every other history read, never a 500.
        var query = new ActivityQuery(userId, limit + 1) { Kinds = [ActivityKind.StakingReward], AssetId = asset?.Id, BeforeSequence = before };
        if (!await s.History.CaughtUpAsync(HistoryReadWait, context.RequestAborted).ConfigureAwait(false)
            || await s.History.ReadAsync((store, ct) => store.ActivitiesAsync(query, ct), context.RequestAborted).ConfigureAwait(false)
                is not { Succeeded: true, Value: var rows })
        {
            return StakingProblems.Busy();
        }

        var page = rows.Take(limit).ToList();
        var periods = s.Positions.PeriodMs;
        var rewards = page.Select(r =>
        {
            var scale = s.Reference.FindAsset(r.AssetId)?.Scale ?? 0;
            var periodMs = periods.GetValueOrDefault(r.AssetId);
            return new StakingRewardResponse(s.Reference.FindAsset(r.AssetId)?.Code ?? "", DecimalUnits.Format(r.Amount, scale), r.Period,
                r.Period * periodMs, (r.Period + 1) * periodMs, r.Time);
        }).ToList();
        var totals = s.Positions.PositionsOf(userId)
            .Where(p => asset is null || p.AssetId == asset.Id)
            .Select(p =>
            {
                var staked = s.Reference.FindAsset(p.AssetId)!;
                return new StakingRewardTotal(staked.Code, DecimalUnits.Format(p.TotalRewards, staked.Scale));
            })
            .ToList();
        var next = rows.Count > limit ? EncodeCursor(page[^1].Sequence) : null;
        return Results.Json(new StakingRewardPage(rewards, next, totals), PlatformJson.Options);
    }


    // The cursor is where the previous page ended: base64url of "r.<sequence>" (opaque to clients).
    private static string EncodeCursor(long sequence) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"r.{sequence.ToString(CultureInfo.InvariantCulture)}"));

    private static bool TryParseCursor(string text, out long sequence)
    {
        sequence = 0;
        var bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done || consumed != text.Length)
        {
            return false;
        }

        var decoded = Encoding.ASCII.GetString(bytes, 0, written);
        return decoded.StartsWith("r.", StringComparison.Ordinal)
            && long.TryParse(decoded.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,64}\z")]
    private static partial Regex ClientReference();
}
