using System.Buffers;
using System.Text.Json;
using Bourse.Api.Binance;
using Bourse.Server.Limits;

namespace Bourse.Server.UserData;

/// <summary>
/// The frames of the WebSocket API: replies <c>{"id","status":200,"result"}</c> and <c>{"id","status","error":{code,msg}}</c>
/// with the request's <c>id</c> echoed exactly as sent (string, number or null), each followed by Binance's
/// <c>rateLimits</c> when given, and events wrapped <c>{"subscriptionId","event"}</c>.
/// </summary>
public static class WebSocketApiReplies
{
    public static byte[] Result(string? rawId, Action<Utf8JsonWriter> writeResult, RequestWeight? rateLimits = null)
    {
        ArgumentNullException.ThrowIfNull(writeResult);
        return Write(rawId, 200, rateLimits, writer =>
        {
            writer.WritePropertyName("result");
            writeResult(writer);
        });
    }

    /// <summary>
    /// An error reply; <paramref name="retry"/> (a refusal by the request-weight budget) adds Binance's
    /// <c>data:{serverTime,retryAfter}</c>, <c>retryAfter</c> being when the client may send again (epoch milliseconds).
    /// </summary>
    public static byte[] Error(string? rawId, BinanceError error, RequestWeight? rateLimits = null, RequestWeight? retry = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Write(rawId, error.HttpStatus, rateLimits, writer =>
        {
            writer.WriteStartObject("error");
            writer.WriteNumber("code", error.Code);
            writer.WriteString("msg", error.Msg);
            if (retry is { RefusedUntil: { } retryAfter } refused)
            {
                writer.WriteStartObject("data");
                writer.WriteNumber("serverTime", refused.Now);
                writer.WriteNumber("retryAfter", retryAfter);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    public static byte[] Event(int subscriptionId, ReadOnlySpan<byte> eventJson)
    {
        var buffer = new ArrayBufferWriter<byte>(eventJson.Length + 40);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("subscriptionId", subscriptionId);
            writer.WritePropertyName("event");
            writer.WriteRawValue(eventJson, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Write(string? rawId, int status, RequestWeight? rateLimits, Action<Utf8JsonWriter> writeBody)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = BinanceJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("id");
            if (rawId is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(rawId, skipInputValidation: true);
            }

            writer.WriteNumber("status", status);
            writeBody(writer);
            if (rateLimits is { } weight)
            {
                // The one limit these methods touch: the IP's request weight this minute.
                writer.WriteStartArray("rateLimits");
                writer.WriteStartObject();
                writer.WriteString("rateLimitType", "REQUEST_WEIGHT");
                writer.WriteString("interval", "MINUTE");
                writer.WriteNumber("intervalNum", 1);
                writer.WriteNumber("limit", weight.Limit);
                writer.WriteNumber("count", weight.Used);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
