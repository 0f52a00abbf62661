namespace Bourse.Api.Binance;

/// <summary>Binance <c>cancelReplaceMode</c>: whether the new order is placed when the cancel fails.</summary>
public enum CancelReplaceMode
{
    StopOnFailure = 1,
    AllowFailure = 2,
}
