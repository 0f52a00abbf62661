using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Server.Engine;
using Bourse.Server.Http;
using Bourse.Server.Views;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Demo;

/// <summary>
/// <c>POST /api/v1/demo/faucet</c>, demo mode only (never mapped otherwise): play money for a new account. Each asset
/// is one Deposit command with the reference <c>faucet:{userId}:{asset}</c>, and the engine credits a reference once,
/// so a second claim — or a parallel one — credits nothing.
/// </summary>
public static partial class DemoFaucetApi
{
    public const string ReferencePrefix = "faucet:";

    /// <summary>One asset the faucet credited.</summary>
    public sealed record FaucetCredit(string Asset, string Amount);

    /// <summary>What a claim credited.</summary>
    public sealed record FaucetClaim(IReadOnlyList<FaucetCredit> Credited);

    public static WebApplication MapDemoFaucet(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<IOptions<BourseOptions>>().Value.Demo)
        {
            return app;
        }

        var options = DemoFaucetOptions.From(app.Configuration);
        app.MapPost("/api/v1/demo/faucet", (HttpContext context, EngineHost host, ReferenceDataView reference, ILoggerFactory logging) =>
                ClaimAsync(context, host, reference, options, logging))
            .WithTags("Demo").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone)
            .Produces<FaucetClaim>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Demo mode only: credit this account the configured play money (once per account).");
        return app;
    }

    private static async Task<IResult> ClaimAsync(HttpContext context, EngineHost host, ReferenceDataView reference, DemoFaucetOptions options,
        ILoggerFactory logging)
    {
        var (userId, _) = PlatformUser.Of(context);
        var credited = new List<FaucetCredit>();
        var claimedBefore = false;
        foreach (var (code, amountText) in options.Amounts.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (reference.Assets.FirstOrDefault(a => a.Code == code) is not { } asset
                || DecimalUnits.TryParse(amountText, asset.Scale, out var amount) != DecimalParseStatus.Ok || amount <= 0)
            {
                LogMisconfigured(logging.CreateLogger(typeof(DemoFaucetApi)), code);
                continue;
            }

            var outcome = await host.Gateway.SubmitAsync(Command.Deposit(userId, asset.Id, amount, Reference(userId, asset))).ConfigureAwait(false);
            if (!outcome.IsApplied)
            {
                return TradingProblems.Busy(context);
            }

            if (outcome.Events.Any(e => e.Type == EventType.DepositCredited))
            {
                credited.Add(new FaucetCredit(asset.Code, DecimalUnits.Format(amount, asset.Scale)));
            }
            else if (outcome.Reason == RejectReason.DuplicateReference)
            {
                claimedBefore = true;
            }
        }

        if (credited.Count == 0 && claimedBefore)
        {
            return ApiProblem.Result(StatusCodes.Status409Conflict, "faucet_already_claimed", "Conflict with the current state.",
                "This account has already claimed the demo faucet.");
        }

        return Results.Json(new FaucetClaim(credited), PlatformJson.Options);
    }

    public static string Reference(long userId, AssetSpec asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return $"{ReferencePrefix}{userId.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{asset.Code}";
    }

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Demo faucet: '{Asset}' is not a listed asset with a valid positive amount; skipped")]
    private static partial void LogMisconfigured(ILogger logger, string asset);
}
