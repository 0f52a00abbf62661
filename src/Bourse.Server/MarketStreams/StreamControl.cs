using System.Buffers;
using System.Text.Json;

namespace Bourse.Server.MarketStreams;

/// <summary>
/// Binance's live control messages on a market-stream connection — SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS,
/// SET_PROPERTY and GET_PROPERTY (<c>combined</c>) — and its error frames: <c>{"code":3,"msg":"Invalid JSON: …"}</c>
/// for what does not parse, <c>{"code":2,"msg":"Invalid request: …"}</c> for a bad request, 0 for an unknown
/// property and 1 for a non-boolean value. A bad request never closes the connection and never half-applies.
/// </summary>
internal static class StreamControl
{
    private const string Methods = "expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`";

    public static byte[] Handle(StreamConnection connection, ReadOnlySpan<byte> message)
    {
        // Binary frames reach here unchecked, and the JSON reader leaves string contents to be validated when read.
        if (!System.Text.Unicode.Utf8.IsValid(message))
        {
            return Error(3, "Invalid JSON: the message is not UTF-8", default);
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return Error(3, $"Invalid JSON: {e.Message}", default);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Error(2, "Invalid request: expected a JSON object", default);
            }

            var id = root.TryGetProperty("id", out var idElement) ? idElement : default;
            if (id.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String)
                && !(id.ValueKind == JsonValueKind.Number && id.TryGetUInt64(out _)))
            {
                return Error(2, "Invalid request: request ID must be an unsigned integer", default);
            }

            if (id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 36)
            {
                return Error(2, "Invalid request: request ID must be an unsigned integer", default);
            }

            if (!root.TryGetProperty("method", out var method))
            {
                return Error(2, "Invalid request: missing field `method`", id);
            }

            if (method.ValueKind != JsonValueKind.String)
            {
                return Error(2, "Invalid request: method is not a string", id);
            }

            var parameters = root.TryGetProperty("params", out var p) ? p : default;
            return method.GetString() switch
            {
                "SUBSCRIBE" => Subscribe(connection, parameters, id),
                "UNSUBSCRIBE" => Unsubscribe(connection, parameters, id),
                "LIST_SUBSCRIPTIONS" => Result(id, w =>
                {
                    w.WriteStartArray();
                    foreach (var topic in connection.Subscriptions)
                    {
                        w.WriteStringValue(topic.Name);
                    }

                    w.WriteEndArray();
                }),
                "SET_PROPERTY" => SetProperty(connection, parameters, id),
                "GET_PROPERTY" => GetProperty(connection, parameters, id),
                var other => Error(2, $"Invalid request: unknown variant `{other}`, {Methods}", id),
            };
        }
    }

    private static byte[] Subscribe(StreamConnection connection, JsonElement parameters, JsonElement id)
    {
        if (StreamNames(connection, parameters, id, out var topics) is { } error)
        {
            return error;
        }

        var adding = topics.Distinct().Count(t => !connection.IsSubscribed(t));
        if (connection.Subscriptions.Count + adding > connection.MaxStreams)
        {
            return Error(2, $"Invalid request: too many streams; a connection may follow at most {connection.MaxStreams}", id);
        }

        foreach (var topic in topics)
        {
            connection.Subscribe(topic);
        }

        return Result(id, w => w.WriteNullValue());
    }

    private static byte[] Unsubscribe(StreamConnection connection, JsonElement parameters, JsonElement id)
    {
        if (StreamNames(connection, parameters, id, out var topics) is { } error)
        {
            return error;
        }

        foreach (var topic in topics)
        {
            connection.Unsubscribe(topic);
        }

        return Result(id, w => w.WriteNullValue());
    }

    /// <summary>Resolves every name in <c>params</c>, or returns the error frame for the first bad one.</summary>
    private static byte[]? StreamNames(StreamConnection connection, JsonElement parameters, JsonElement id, out List<StreamTopic> topics)
    {
        topics = [];
        if (parameters.ValueKind != JsonValueKind.Array)
        {
            return Error(2, "Invalid request: params must be an array of stream names", id);
        }

        foreach (var name in parameters.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                return Error(2, "Invalid request: stream name must be a string", id);
            }

            if (connection.Topics.Find(name.GetString()!) is not { } topic)
            {
                return Error(2, $"Invalid request: invalid stream name `{Truncate(name.GetString()!)}`", id);
            }

            topics.Add(topic);
        }

        return null;
    }

    private static byte[] SetProperty(StreamConnection connection, JsonElement parameters, JsonElement id)
    {
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() == 0
            || parameters[0].ValueKind != JsonValueKind.String)
        {
            return Error(2, "Invalid request: property name must be a string", id);
        }

        if (parameters[0].GetString() != "combined")
        {
            return Error(0, "Unknown property", id);
        }

        if (parameters.GetArrayLength() != 2 || parameters[1].ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Error(1, "Invalid value type: expected Boolean", id);
        }

        connection.Combined = parameters[1].GetBoolean();
        return Result(id, w => w.WriteNullValue());
    }

    private static byte[] GetProperty(StreamConnection connection, JsonElement parameters, JsonElement id)
    {
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() == 0
            || parameters[0].ValueKind != JsonValueKind.String)
        {
            return Error(2, "Invalid request: property name must be a string", id);
        }

        if (parameters[0].GetString() != "combined")
        {
            return Error(0, "Unknown property", id);
        }

        var combined = connection.Combined;
        return Result(id, w => w.WriteBooleanValue(combined));
    }

    private static byte[] Result(JsonElement id, Action<Utf8JsonWriter> writeResult) => Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("result");
        writeResult(w);
        WriteId(w, id);
        w.WriteEndObject();
    });

    private static byte[] Error(int code, string message, JsonElement id) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("code", code);
        w.WriteString("msg", message);
        WriteId(w, id);
        w.WriteEndObject();
    });

    private static void WriteId(Utf8JsonWriter w, JsonElement id)
    {
        w.WritePropertyName("id");
        if (id.ValueKind is JsonValueKind.Undefined)
        {
            w.WriteNullValue();
        }
        else
        {
            id.WriteTo(w);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Truncate(string name) => name.Length <= 100 ? name : name[..100] + "…";
}
