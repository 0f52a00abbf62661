using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Bourse.Api.Binance;
using Bourse.Server.ApiKeys;
using Bourse.Server.Http;
using Bourse.Server.Limits;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Bourse.Server.UserData;

/// <summary>
/// One <c>/ws-api/v3</c> connection: JSON requests in, replies and user data events out. It serves
/// <c>userDataStream.subscribe.signature</c> (params apiKey, timestamp, optional recvWindow, and a signature of the other
/// params sorted by name), <c>userDataStream.unsubscribe</c>, <c>ping</c> and <c>time</c>; anything else gets an error
/// frame and the connection stays open. A connection may hold several subscriptions, numbered from 0; one whose API
/// key is revoked ends with an <c>eventStreamTerminated</c> event.
/// <para>
/// Requests spend the client IP's request weight, the budget REST shares (<see cref="RequestWeightLimiter"/>): opening
/// the connection weighs 2, each request its Binance weight. Over the limit a request is answered 429 (-1003) with
/// <c>retryAfter</c>; a banned IP is answered 418 and the connection closed. Replies carry Binance's <c>rateLimits</c>
/// unless the connection (<c>?returnRateLimits=false</c>) or the request (<c>"returnRateLimits":false</c>) asks not.
/// </para>
/// </summary>
public sealed class WebSocketApiSession(UserDataConnection connection, UserDataHub hub, ApiKeyStore keys, TimeProvider time,
    UserDataOptions options, IPAddress? remoteAddress, RequestWeightLimiter limiter, bool returnRateLimits)
{
    private const string ReturnRateLimitsParameter = "returnRateLimits";
    private readonly Dictionary<int, Subscription> _subscriptions = [];
    private int _nextSubscriptionId;

    public static async Task HandleAsync(HttpContext context, UserDataHub hub, ApiKeyStore keys, TimeProvider time, RequestWeightLimiter limiter,
        IOptions<UserDataOptions> options, IHostApplicationLifetime lifetime, ILogger<UserDataConnection> logger)
    {
        // Every attempt counts, accepted or not, so reconnecting in a loop spends the budget like requests do.
        var attempt = limiter.Take(RequestWeightLimiter.ClientOf(context.Connection.RemoteIpAddress), RequestWeights.WebSocketConnection);
        if (attempt.Error is { } refused)
        {
            context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = attempt.Used.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.RetryAfter = attempt.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            context.Response.StatusCode = refused.HttpStatus;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(BinanceJson.Serialize(refused), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await BinanceResults.Error(BinanceErrors.UnsupportedOperation).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var returnRateLimits = !string.Equals(context.Request.Query[ReturnRateLimitsParameter].ToString(), "false", StringComparison.OrdinalIgnoreCase);
        var socket = await context.WebSockets.AcceptWebSocketAsync(KeepAlive.AcceptContext(options.Value)).ConfigureAwait(false);
        var connection = new UserDataConnection(socket, options.Value, logger, context.Connection.Id);
        var session = new WebSocketApiSession(connection, hub, keys, time, options.Value, context.Connection.RemoteIpAddress, limiter, returnRateLimits);
        try
        {
            await connection.RunAsync(session.HandleRequest, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        finally
        {
            session.UnsubscribeAll();
        }
    }

    private async Task HandleRequest(ReadOnlyMemory<byte> frame)
    {
        var (reply, banned) = await AnswerAsync(frame).ConfigureAwait(false);
        connection.TrySend(reply);
        if (banned)
        {
            // Binance disconnects a banned IP; the reply above goes out first.
            connection.Close(WebSocketCloseStatus.PolicyViolation, "IP banned: too much request weight");
        }
    }

    private async ValueTask<(byte[] Reply, bool Banned)> AnswerAsync(ReadOnlyMemory<byte> frame)
    {
        JsonDocument? document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException)
        {
            document = null;
        }

        using (document)
        {
            // Even a frame that is no request weighs, so a flood of garbage spends the budget too.
            if (document is not { RootElement.ValueKind: JsonValueKind.Object })
            {
                var weighed = Spend(method: null, returnRateLimits);
                return weighed.Refusal(null) ?? (WebSocketApiReplies.Error(null, WebSocketApiErrors.InvalidJson, weighed.RateLimits), false);
            }

            var request = document.RootElement;
            var id = request.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? idElement.GetRawText()
                : null;
            var method = request.TryGetProperty("method", out var methodElement) && methodElement.ValueKind == JsonValueKind.String
                ? methodElement.GetString()
                : null;
            var parameters = request.TryGetProperty("params", out var paramsElement) ? paramsElement : default;
            var (withRateLimits, flagError) = ReturnRateLimits(parameters);
            var spent = Spend(method, withRateLimits);
            if (spent.Refusal(id) is { } refusal)
            {
                return refusal;
            }

            var limits = spent.RateLimits;
            if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                return (WebSocketApiReplies.Error(id, WebSocketApiErrors.InvalidParams, limits), false);
            }

            if (flagError is not null)
            {
                return (WebSocketApiReplies.Error(id, flagError, limits), false);
            }

            var reply = method switch
            {
                "userDataStream.subscribe.signature" => await SubscribeSignatureAsync(id, parameters, limits).ConfigureAwait(false),
                "userDataStream.unsubscribe" => Unsubscribe(id, parameters, limits),
                "ping" => WebSocketApiReplies.Result(id, w => w.WriteRawValue("{}"), limits),
                "time" => WebSocketApiReplies.Result(id, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("serverTime", time.GetUtcNow().ToUnixTimeMilliseconds());
                    w.WriteEndObject();
                }, limits),
                null => WebSocketApiReplies.Error(id, BinanceErrors.MandatoryParameter("method"), limits),
                _ => WebSocketApiReplies.Error(id, WebSocketApiErrors.UnknownMethod, limits),
            };
            return (reply, false);
        }
    }

    /// <summary>Spends the weight of a request for <paramref name="method"/> from the IP's budget.</summary>
    private Spent Spend(string? method, bool withRateLimits) =>
        new(limiter.Take(RequestWeightLimiter.ClientOf(remoteAddress), RequestWeights.OfWebSocketMethod(method)), withRateLimits);

    /// <summary>What spending a request's weight gave: the budget's verdict, and the <c>rateLimits</c> to show (null when not wanted).</summary>
    private readonly record struct Spent(RequestWeight Taken, bool WithRateLimits)
    {
        public RequestWeight? RateLimits => WithRateLimits ? Taken : null;

        /// <summary>The 429 or 418 reply when the budget refused the request (banned: close after it), else null.</summary>
        public (byte[] Reply, bool Banned)? Refusal(string? id) => Taken.Error is { } refused
            ? (WebSocketApiReplies.Error(id, refused, RateLimits, retry: Taken), Taken.Banned)
            : null;
    }

    /// <summary>Whether this request's reply carries <c>rateLimits</c>: the request's own <c>returnRateLimits</c>, else the connection's.</summary>
    private (bool WithRateLimits, BinanceError? Error) ReturnRateLimits(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(ReturnRateLimitsParameter, out var flag))
        {
            return (returnRateLimits, null);
        }

        return flag.ValueKind switch
        {
            JsonValueKind.True => (true, null),
            JsonValueKind.False => (false, null),
            JsonValueKind.String when bool.TryParse(flag.GetString(), out var value) => (value, null),
            _ => (returnRateLimits, BinanceErrors.IllegalCharactersIn(ReturnRateLimitsParameter, "true, false")),
        };
    }

    private async ValueTask<byte[]> SubscribeSignatureAsync(string? id, JsonElement parameters, RequestWeight? limits)
    {
        var pairs = BinanceSignature.WebSocketParameters(parameters);
        var read = ParameterReader.FromPairs(pairs);
        if (read.Error is { } malformed)
        {
            return WebSocketApiReplies.Error(id, malformed, limits);
        }

        var reader = read.Value!;
        reader.MarkRead(ReturnRateLimitsParameter);
        var apiKey = reader.RequiredString("apiKey");
        var signature = reader.RequiredString(BinanceSignature.ParameterName);
        if (reader.Error is { } missing)
        {
            return WebSocketApiReplies.Error(id, missing, limits);
        }

        var (key, rejected) = await BinanceRequest.AuthenticateAsync(new StringValues(apiKey), remoteAddress, keys, ApiKeyPermissions.Read, CancellationToken.None)
            .ConfigureAwait(false);
        if (rejected is not null)
        {
            return WebSocketApiReplies.Error(id, rejected, limits);
        }

        if (!BinanceSignature.IsValidWebSocket(key!.Secret, pairs, signature))
        {
            return WebSocketApiReplies.Error(id, BinanceErrors.InvalidSignature, limits);
        }

        if (RequestTiming.Check(reader, time.GetUtcNow().ToUnixTimeMilliseconds()) is { } timing)
        {
            return WebSocketApiReplies.Error(id, timing, limits);
        }

        if (reader.EnsureAllRead() is { } unread)
        {
            return WebSocketApiReplies.Error(id, unread, limits);
        }

        var subscriptionId = _nextSubscriptionId;
        var subscription = new Subscription(subscriptionId, key.Key.UserId, connection);
        lock (_subscriptions)
        {
            if (_subscriptions.Count >= options.MaxSubscriptionsPerConnection)
            {
                return WebSocketApiReplies.Error(id, WebSocketApiErrors.TooManySubscriptions, limits);
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
        }, limits);
    }

    /// <summary>Ends one subscription (<c>subscriptionId</c>) or, without it, all of them.</summary>
    private byte[] Unsubscribe(string? id, JsonElement parameters, RequestWeight? limits)
    {
        var read = ParameterReader.FromPairs(BinanceSignature.WebSocketParameters(parameters));
        if (read.Error is { } malformed)
        {
            return WebSocketApiReplies.Error(id, malformed, limits);
        }

        var reader = read.Value!;
        reader.MarkRead(ReturnRateLimitsParameter);
        var only = reader.OptionalLong("subscriptionId", max: int.MaxValue);
        if (reader.EnsureAllRead() is { } error)
        {
            return WebSocketApiReplies.Error(id, error, limits);
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
                return WebSocketApiReplies.Error(id, WebSocketApiErrors.UnknownSubscription, limits);
            }

            subscription.Revocation.Unregister();
            hub.Unsubscribe(subscription);
        }
        else
        {
            UnsubscribeAll();
        }

        return WebSocketApiReplies.Result(id, w => w.WriteRawValue("{}"), limits);
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
