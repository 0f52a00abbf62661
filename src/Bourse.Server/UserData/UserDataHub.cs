using System.Collections.Concurrent;
using System.Threading.Channels;
using Bourse.Api.Binance;
using Bourse.Core.Events;
using Bourse.Engine;
using Bourse.Server.Views;

namespace Bourse.Server.UserData;

/// <summary>
/// Routes the engine's events to the live user data subscriptions by user. On the engine thread it only copies the
/// events of users someone is listening to into a queue; a background loop turns them into Binance messages
/// (<see cref="UserDataEvents"/>), serializes each once, and hands it to that user's subscriptions, which queue it
/// per connection without waiting.
/// </summary>
public sealed partial class UserDataHub(ReferenceDataView reference, ILogger<UserDataHub> logger) : BackgroundService, IEventSubscriber
{
    // Unbounded because the engine must never wait; the loop behind it only formats and enqueues.
    private readonly Channel<Event[]> _batches = Channel.CreateUnbounded<Event[]>(new() { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentDictionary<long, IUserDataSubscription[]> _byUser = new();
    private readonly Lock _lock = new();

    public void Subscribe(IUserDataSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_lock)
        {
            var current = _byUser.GetValueOrDefault(subscription.UserId) ?? [];
            _byUser[subscription.UserId] = [.. current, subscription];
        }
    }

    public void Unsubscribe(IUserDataSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_lock)
        {
            if (!_byUser.TryGetValue(subscription.UserId, out var current))
            {
                return;
            }

            var remaining = current.Where(s => s != subscription).ToArray();
            if (remaining.Length == 0)
            {
                _byUser.TryRemove(subscription.UserId, out _);
            }
            else
            {
                _byUser[subscription.UserId] = remaining;
            }
        }
    }

    public void OnEvents(ReadOnlySpan<Event> events)
    {
        if (_byUser.IsEmpty)
        {
            return;
        }

        List<Event>? listened = null;
        foreach (ref readonly var e in events)
        {
            if (e.UserId > 0 && _byUser.ContainsKey(e.UserId))
            {
                (listened ??= []).Add(e);
            }
        }

        if (listened is not null)
        {
            _batches.Writer.TryWrite([.. listened]);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                Publish(batch);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPublishFailed(logger, exception);
            }
        }
    }

    private void Publish(Event[] batch)
    {
        var messages = UserDataEvents.From(batch, MarketById, reference.FindAsset);
        foreach (var message in messages)
        {
            if (!_byUser.TryGetValue(message.UserId, out var subscriptions))
            {
                continue;
            }

            var json = BinanceJson.SerializeToUtf8Bytes(message.Payload);
            foreach (var subscription in subscriptions)
            {
                subscription.Deliver(json);
            }
        }
    }

    private BinanceMarket? MarketById(int marketId) =>
        reference.FindMarket(marketId) is { } market ? market.ToBinance() : null;

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Publishing user data events failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
