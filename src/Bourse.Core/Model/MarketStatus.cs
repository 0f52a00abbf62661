namespace Bourse.Core.Model;

/// <summary>Persisted: values are frozen.</summary>
public enum MarketStatus : byte
{
    Trading = 1,
    /// <summary>Nothing may be placed or canceled.</summary>
    Halted = 2,
    /// <summary>Resting orders may be canceled; nothing new may be placed.</summary>
    CancelOnly = 3,
}
