namespace Bourse.Api.Binance;

/// <summary>Binance <c>newOrderRespType</c>: how much of the new order the response shows.</summary>
public enum OrderResponseType
{
    /// <summary>Ids and the transaction time.</summary>
    Ack = 1,
    /// <summary>ACK plus the order's state after placement.</summary>
    Result = 2,
    /// <summary>RESULT plus the fills.</summary>
    Full = 3,
}
