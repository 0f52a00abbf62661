using System.Text.Json.Serialization;

namespace Bourse.Api.Binance;

/// <summary>
/// A Binance error: the body is <c>{"code":-1121,"msg":"Invalid symbol."}</c> (plus <c>data</c> for cancel-replace),
/// sent with <see cref="HttpStatus"/> and, when rate limited or banned, a <c>Retry-After</c> header.
/// </summary>
public sealed record BinanceError(
    [property: JsonPropertyName("code"), JsonPropertyOrder(0)] int Code,
    [property: JsonPropertyName("msg"), JsonPropertyOrder(1)] string Msg)
{
    [JsonIgnore]
    public int HttpStatus { get; init; } = BinanceErrors.HttpStatusOf(Code);

    /// <summary>Seconds for the <c>Retry-After</c> header of a 429 or 418; null otherwise.</summary>
    [JsonIgnore]
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Extra detail some errors carry (cancel-replace reports both halves here).</summary>
    [JsonPropertyName("data"), JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public object? Data { get; init; }

    public override string ToString() => $"{Code} {Msg}";
}
