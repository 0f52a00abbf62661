using System.Net;
using System.Text.Json;
using Bourse.Api.Binance;
using Bourse.Server.ApiKeys;
using Bourse.Server.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Bourse.Server.UserData;

/// <summary>
/// One <c>/ws-api/v3</c> connection: JSON requests in, replies and user data events out. It serves
/// <c>userDataStream.subscribe.signature</c> (params apiKey, timestamp, optional recvWindow, and a signature of the other
/// params sorted by name), <c>userDataStream.unsubscribe</c>, <c>ping</c> and <c>time</c>; anything else gets an error
/// frame and the connection stays open. A connection may hold several subscriptions, numbered from 0; one whose API
/// key is revoked ends with an <c>eventStreamTerminated</c> event.
/// </summary>
public sealed class WebSocketApiSession(UserDataConnection connection, UserDataHub hub, ApiKeyStore keys, TimeProvider time,
    UserDataOptions options, IPAddress? remoteAddress)
{
    private readonly Dictionary<int, Subscription> _subscriptions = [];
    private int _nextSubscriptionId;

    public static async Task HandleAsync(HttpContext context, UserDataHub hub, ApiKeyStore keys, TimeProvider time,
        IOptions<UserDataOptions> options, IHostApplicationLifetime lifetime, ILogger<UserDataConnection> logger)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await BinanceResults.Error(BinanceErrors.UnsupportedOperation).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var socket = await context.WebSockets.AcceptWebSocketAsync(KeepAlive.AcceptContext(options.Value)).ConfigureAwait(false);
        var connection = new UserDataConnection(socket, options.Value, logger, context.Connection.Id);
        var session = new WebSocketApiSession(connection, hub, keys, time, options.Value, context.Connection.RemoteIpAddress);
        try
        {
            await connection.RunAsync(session.HandleRequest, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        finally
        {
            session.UnsubscribeAll();
        }
    }

    private async Task HandleRequest(ReadOnlyMemory<byte> frame) => connection.TrySend(await AnswerAsync(frame).ConfigureAwait(false));

    private async ValueTask<byte[]> AnswerAsync(ReadOnlyMemory<byte> frame)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException)
        {
            return WebSocketApiReplies.Error(null, WebSocketApiErrors.InvalidJson);
        }

        using (document)
        {
            var request = document.RootElement;
            if (request.ValueKind != JsonValueKind.Object)
            {
                return WebSocketApiReplies.Error(null, WebSocketApiErrors.InvalidJson);
            }

            var id = request.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? idElement.GetRawText()
                : null;
            var method = request.TryGetProperty("method", out var methodElement) && methodElement.ValueKind == JsonValueKind.String
                ? methodElement.GetString()
                : null;
            var parameters = request.TryGetProperty("params", out var paramsElement) ? paramsElement : default;
            if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                return WebSocketApiReplies.Error(id, WebSocketApiErrors.InvalidParams);
            }

            return method switch
            {
                "userDataStream.subscribe.signature" => await SubscribeSignatureAsync(id, parameters).ConfigureAwait(false),
                "userDataStream.unsubscribe" => Unsubscribe(id, parameters),
                "ping" => WebSocketApiReplies.Result(id, w => w.WriteRawValue("{}")),
                "time" => WebSocketApiReplies.Result(id, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("serverTime", time.GetUtcNow().ToUnixTimeMilliseconds());
                    w.WriteEndObject();
                }),
                null => WebSocketApiReplies.Error(id, BinanceErrors.MandatoryParameter("method")),
                _ => WebSocketApiReplies.Error(id, WebSocketApiErrors.UnknownMethod),
            };
        }
    }

    private async ValueTask<byte[]> SubscribeSignatureAsync(string? id, JsonElement parameters)
    {
        var pairs = BinanceSignature.WebSocketParameters(parameters);
        var read = ParameterReader.FromPairs(pairs);
        if (read.Error is { } malformed)
        {
            return WebSocketApiReplies.Error(id, malformed);
        }

        var reader = read.Value!;
        var apiKey = reader.RequiredString("apiKey");
        var signature = reader.RequiredString(BinanceSignature.ParameterName);
        if (reader.Error is { } missing)
        {
            return WebSocketApiReplies.Error(id, missing);
        }

        var (key, rejected) = await BinanceRequest.AuthenticateAsync(new StringValues(apiKey), remoteAddress, keys, ApiKeyPermissions.Read, CancellationToken.None)
            .ConfigureAwait(false);
        if (rejected is not null)
        {
            return WebSocketApiReplies.Error(id, rejected);
        }

        if (!BinanceSignature.IsValidWebSocket(key!.Secret, pairs, signature))
        {
            return WebSocketApiReplies.Error(id, BinanceErrors.InvalidSignature);
        }

        if (RequestTiming.Check(reader, time.GetUtcNow().ToUnixTimeMilliseconds()) is { } timing)
        {
            return WebSocketApiReplies.Error(id, timing);
        }

        if (reader.EnsureAllRead() is { } unread)
        {
            return WebSocketApiReplies.Error(id, unread);
        }

        var subscriptionId = _nextSubscriptionId;
        var subscription = new Subscription(subscriptionId, key.Key.UserId, connection);
        lock (_subscriptions)
        {
            if (_subscriptions.Count >= options.MaxSubscriptionsPerConnection)
            {
                return WebSocketApiReplies.Error(id, WebSocketApiErrors.TooManySubscriptions);
            }

            _subscriptions[subscriptionId] = subscription;
        }

        _nextSubscriptionId++;

        hub.Subscribe(subscription);
        subscription.Revocation = key.Revoked.Register(() => EndRevoked(subscription));
        return WebSocketApiReplies.Result(id, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("subscriptionId", subscriptionId);
            w.WriteEndObject();
        });
    }

    /// <summary>Ends one subscription (<c>subscriptionId</c>) or, without it, all of them.</summary>
    private byte[] Unsubscribe(string? id, JsonElement parameters)
    {
        var read = ParameterReader.FromPairs(BinanceSignature.WebSocketParameters(parameters));
        if (read.Error is { } malformed)
        {
            return WebSocketApiReplies.Error(id, malformed);
        }

        var reader = read.Value!;
        var only = reader.OptionalLong("subscriptionId", max: int.MaxValue);
        if (reader.EnsureAllRead() is { } error)
        {
            return WebSocketApiReplies.Error(id, error);
        }

        if (only is { } subscriptionId)
        {
            Subscription? subscription;
            lock (_subscriptions)
            {
                _subscriptions.Remove((int)subscriptionId, out subscription);
            }

            if (subscription is null)
            {
                return WebSocketApiReplies.Error(id, WebSocketApiErrors.UnknownSubscription);
            }

            subscription.Revocation.Unregister();
            hub.Unsubscribe(subscription);
        }
        else
        {
            UnsubscribeAll();
        }

        return WebSocketApiReplies.Result(id, w => w.WriteRawValue("{}"));
    }

    private void UnsubscribeAll()
    {
        List<Subscription> all;
        lock (_subscriptions)
        {
            all = [.. _subscriptions.Values];
            _subscriptions.Clear();
        }

        foreach (var subscription in all)
        {
            subscription.Revocation.Unregister();
            hub.Unsubscribe(subscription);
        }
    }

    /// <summary>The subscription's API key was revoked: it ends with <c>eventStreamTerminated</c>; the connection stays open.</summary>
    private void EndRevoked(Subscription subscription)
    {
        bool removed;
        lock (_subscriptions)
        {
            removed = _subscriptions.Remove(subscription.Id);
        }

        if (removed)
        {
            hub.Unsubscribe(subscription);
            var terminated = $$"""{"e":"eventStreamTerminated","E":{{time.GetUtcNow().ToUnixTimeMilliseconds()}}}""";
            connection.TrySend(WebSocketApiReplies.Event(subscription.Id, System.Text.Encoding.UTF8.GetBytes(terminated)));
        }
    }

    private sealed class Subscription(int id, long userId, UserDataConnection connection) : IUserDataSubscription
    {
        public int Id { get; } = id;

        public long UserId { get; } = userId;

        /// <summary>Set once after subscribing, before any other thread can see the subscription's revocation.</summary>
        public CancellationTokenRegistration Revocation { get; set; }

        public void Deliver(ReadOnlyMemory<byte> eventJson) => connection.TrySend(WebSocketApiReplies.Event(Id, eventJson.Span));
    }
}
