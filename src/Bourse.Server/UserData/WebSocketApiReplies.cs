using System.Buffers;
using System.Text.Json;
using Bourse.Api.Binance;

namespace Bourse.Server.UserData;

/// <summary>
/// The frames of the WebSocket API: replies <c>{"id","status":200,"result"}</c> and <c>{"id","status","error":{code,msg}}</c>
/// with the request's <c>id</c> echoed exactly as sent (string, number or null), and events wrapped
/// <c>{"subscriptionId","event"}</c>.
/// </summary>
public static class WebSocketApiReplies
{
    public static byte[] Result(string? rawId, Action<Utf8JsonWriter> writeResult)
    {
        ArgumentNullException.ThrowIfNull(writeResult);
        return Write(rawId, 200, writer =>
        {
            writer.WritePropertyName("result");
            writeResult(writer);
        });
    }

    public static byte[] Error(string? rawId, BinanceError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Write(rawId, error.HttpStatus, writer =>
        {
            writer.WriteStartObject("error");
            writer.WriteNumber("code", error.Code);
            writer.WriteString("msg", error.Msg);
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

    private static byte[] Write(string? rawId, int status, Action<Utf8JsonWriter> writeBody)
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
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
