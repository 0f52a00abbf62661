namespace Bourse.Api.Binance;

/// <summary>
/// The wire names of an enum, matched exactly (Binance is case-sensitive), and the error for a name it does not know.
/// Several values may share a name (a waiting stop order is "NEW"); parsing returns the first.
/// </summary>
public sealed class WireEnum<T>
    where T : struct, Enum
{
    private readonly (T Value, string Name)[] _names;
    private readonly Func<string, string, BinanceError> _invalid;

    internal WireEnum((T Value, string Name)[] names, Func<string, string, BinanceError> invalid)
    {
        _names = names;
        _invalid = invalid;
        Names = names.Select(n => n.Name).Distinct().ToArray();
    }

    /// <summary>The distinct wire names, in declaration order.</summary>
    public IReadOnlyList<string> Names { get; }

    public string NameOf(T value)
    {
        foreach (var (candidate, name) in _names)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no Binance name.");
    }

    public bool TryParse(string text, out T value)
    {
        foreach (var (candidate, name) in _names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The error for <paramref name="text"/> sent as <paramref name="parameter"/>.</summary>
    public BinanceError Invalid(string parameter, string text) => _invalid(parameter, text);
}
