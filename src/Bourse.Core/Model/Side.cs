namespace Bourse.Core.Model;

/// <summary>Which side of the book an order is on. Persisted: values are frozen.</summary>
public enum Side : byte
{
    Buy = 1,
    Sell = 2,
}
