using System.Diagnostics.CodeAnalysis;

namespace Bourse.Api.Binance;

/// <summary>Either a value or the Binance error to answer with; what every translation and response builder returns.</summary>
public readonly struct BinanceResult<T>
{
    private BinanceResult(T? value, BinanceError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public BinanceError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static BinanceResult<T> Success(T value) => new(value, null);

    public static BinanceResult<T> Failure(BinanceError error) => new(default, error);

    public static implicit operator BinanceResult<T>(T value) => Success(value);

    public static implicit operator BinanceResult<T>(BinanceError error) => Failure(error);

    public override string ToString() => IsSuccess ? $"Success({Value})" : $"Failure({Error})";
}
