using Bourse.Core.Model;
using Bourse.Server.Http;
using Bourse.Trading;

namespace Bourse.Server.Staking;

/// <summary>Refusals of the staking endpoints as problems: 400 for bad input, 409 when the account cannot do it now.</summary>
public static class StakingProblems
{
    public static IResult From(RejectReason reason) => reason switch
    {
        RejectReason.UnknownAsset => ApiProblem.BadRequest("unknown_asset", "No such asset.", "asset"),
        RejectReason.UnknownStakingProduct => ApiProblem.BadRequest("not_stakable", "This asset cannot be staked.", "asset"),
        RejectReason.BelowMinimum => ApiProblem.BadRequest("below_minimum", "The amount is below the asset's minimum stake (see GET /api/v1/staking/products).", "amount"),
        RejectReason.InvalidAmount => InvalidAmount(),
        RejectReason.MissingReference => ApiProblem.BadRequest("invalid_client_reference", "'clientReference' is required.", "clientReference"),
        RejectReason.InsufficientBalance => Conflict("insufficient_balance", "The available balance is too small for this stake."),
        RejectReason.InsufficientStake => Conflict("insufficient_stake", "Less than this amount is staked (unbonding funds cannot be unstaked again)."),
        _ => Conflict("refused", $"Refused by the engine: {reason}."),
    };

    public static IResult Engine(SubmitOutcome outcome) => outcome switch
    {
        { IsBusy: true } => Busy(),
        { IsOutcomeUnknown: true } => ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "outcome_unknown", "The service is unavailable.",
            "The server stopped before the request was recorded; it may or may not have happened. Retry with the same clientReference."),
        _ => ApiProblem.Result(StatusCodes.Status500InternalServerError, "engine_failed", "The request failed.", "The engine could not take the request."),
    };

    public static IResult Busy() =>
        ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "server_busy", "The service is busy.", "Try again shortly.");

    public static IResult InvalidAmount() =>
        ApiProblem.BadRequest("invalid_amount", "'amount' must be a positive decimal number, e.g. \"1.5\".", "amount");

    public static IResult ReferenceInUse(long id) =>
        ApiProblem.Result(StatusCodes.Status409Conflict, "client_reference_in_use", "Conflict with the current state.",
            "An earlier request with another asset or amount used this clientReference.", new Dictionary<string, object?> { ["id"] = id });

    private static IResult Conflict(string code, string detail) =>
        ApiProblem.Result(StatusCodes.Status409Conflict, code, "Conflict with the current state.", detail);
}
