namespace Bourse.Core.Commands;

/// <summary>Persisted in the command log: values are frozen, only ever add.</summary>
public enum CommandType : byte
{
    None = 0,
    CreateAsset = 1,
    CreateMarket = 2,
    SetMarketStatus = 3,
    UpdateMarket = 4,
    SetFeeTier = 5,
    SetUserFeeTier = 6,
    Deposit = 10,
    ReserveWithdrawal = 11,
    CompleteWithdrawal = 12,
    CancelWithdrawal = 13,
    Transfer = 14,
    PlaceOrder = 20,
    CancelOrder = 21,
    CancelAllOrders = 22,
    CancelReplaceOrder = 23,
}
