using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bourse.Api.Binance;

/// <summary>Source-generated JSON for every Binance body: camelCase names, nothing reflected at run time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BinanceError))]
[JsonSerializable(typeof(NewOrderResponse))]
[JsonSerializable(typeof(CancelOrderResponse))]
[JsonSerializable(typeof(IReadOnlyList<CancelOrderResponse>))]
[JsonSerializable(typeof(List<CancelOrderResponse>))]
[JsonSerializable(typeof(CancelReplaceResponse))]
[JsonSerializable(typeof(OrderQueryResponse))]
[JsonSerializable(typeof(IReadOnlyList<OrderQueryResponse>))]
[JsonSerializable(typeof(List<OrderQueryResponse>))]
[JsonSerializable(typeof(ExchangeInfoResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(TestOrderCommissionResponse))]
[JsonSerializable(typeof(AccountCommissionResponse))]
[JsonSerializable(typeof(List<TradeFeeResponse>))]
[JsonSerializable(typeof(MyTradeResponse))]
[JsonSerializable(typeof(IReadOnlyList<MyTradeResponse>))]
[JsonSerializable(typeof(List<MyTradeResponse>))]
[JsonSerializable(typeof(ExecutionReport))]
[JsonSerializable(typeof(OutboundAccountPosition))]
[JsonSerializable(typeof(BalanceUpdate))]
public sealed partial class BinanceJsonContext : JsonSerializerContext;

/// <summary>Serializes Binance bodies with <see cref="BinanceJsonContext"/>.</summary>
public static class BinanceJson
{
    /// <summary>
    /// The context's options with minimal escaping, so messages read as Binance writes them ("'symbol'", not
    /// "\u0027symbol\u0027"); these bodies are JSON API responses, never embedded in HTML.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(BinanceJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Any body this library builds, by its runtime type (user data payloads are typed <c>object</c>).</summary>
    public static string Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.Serialize(value, Options.GetTypeInfo(value.GetType()));
    }

    public static byte[] SerializeToUtf8Bytes(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, Options.GetTypeInfo(value.GetType()));
    }
}
