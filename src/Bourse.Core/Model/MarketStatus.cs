namespace Bourse.Core.Model;

/// <summary>Persisted: values are frozen.</summary>
public enum MarketStatus : byte
{
    Trading = 1,
    /// <summary>Nothing may be placed or canceled.</summary>
    Halted = 2,
    /// <summary>Resting orders may be canceled; nothing new may be placed.</summary>
    CancelOnly = 3,
    /// <summary>Closed for good: every open order was canceled when it was delisted; no status follows.</summary>
    Delisted = 4,
}
