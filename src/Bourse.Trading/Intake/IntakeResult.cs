using System.Diagnostics.CodeAnalysis;

namespace Bourse.Trading;

/// <summary>What the intake made of an intent: a validated value, or why not.</summary>
public readonly struct IntakeResult<T>
    where T : class
{
    private IntakeResult(T? value, Rejection? rejection)
    {
        Value = value;
        Rejection = rejection;
    }

    public T? Value { get; }

    public Rejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Rejection is null;

    public static implicit operator IntakeResult<T>(T value) => new(value, null);

    public static implicit operator IntakeResult<T>(Rejection rejection) => new(null, rejection);

    public override string ToString() => IsAccepted ? $"Accepted({Value})" : $"Rejected({Rejection})";
}
