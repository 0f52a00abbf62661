namespace Bourse.Server.UserData;

/// <summary>A live consumer of one user's data stream: a listenKey stream or a WebSocket API subscription.</summary>
public interface IUserDataSubscription
{
    long UserId { get; }

    /// <summary>One event as Binance JSON; must not block (it queues, or drops the connection when it cannot).</summary>
    void Deliver(ReadOnlyMemory<byte> eventJson);
}
