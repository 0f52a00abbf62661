namespace Bourse.Core.Model;

/// <summary>Persisted: values are frozen.</summary>
public enum TimeInForce : byte
{
    None = 0,
    /// <summary>Good till canceled: the rest of the order rests on the book.</summary>
    Gtc = 1,
    /// <summary>Immediate or cancel: fill what can be filled now, expire the rest.</summary>
    Ioc = 2,
    /// <summary>Fill or kill: fill completely now or not at all.</summary>
    Fok = 3,
}
