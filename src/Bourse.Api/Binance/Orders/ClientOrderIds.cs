using System.Buffers;

namespace Bourse.Api.Binance;

/// <summary>
/// Client order ids as Binance takes them (<c>^[\.A-Z\:/a-z0-9_-]{1,36}$</c>; CCXT sends "x-TKT5PX2F…", python-binance
/// "x-HNA2TXFJ…") and as it makes them when none is sent: 22 random letters and digits.
/// </summary>
public sealed class ClientOrderIds
{
    public const string LegalRange = @"^[\.A-Z\:/a-z0-9_-]{1,36}$";
    public const int MaxLength = 36;
    public const int GeneratedLength = 22;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<char> Legal =
        SearchValues.Create(".:/-_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly Random _random;
    private readonly Lock _lock = new();

    /// <summary>Ids from <paramref name="random"/>; seed it for reproducible tests.</summary>
    public ClientOrderIds(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    /// <summary>Backed by <see cref="Random.Shared"/>.</summary>
    public static ClientOrderIds Shared { get; } = new(Random.Shared);

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && !id.AsSpan().ContainsAnyExcept(Legal);

    /// <summary>A fresh id for an order or cancel that came without one.</summary>
    public string Next()
    {
        Span<char> id = stackalloc char[GeneratedLength];
        lock (_lock)
        {
            for (var i = 0; i < id.Length; i++)
            {
                id[i] = Alphabet[_random.Next(Alphabet.Length)];
            }
        }

        return new string(id);
    }
}
