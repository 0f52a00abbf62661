using Bourse.Api.Binance;

namespace Bourse.Server.OpenApi;

/// <summary>Endpoint metadata: what a hand-parsing <c>/api/v3</c> endpoint reads and how it is secured.</summary>
public sealed record BinanceOperation(BinanceSecurity Security, IReadOnlyList<BinanceParameter> Parameters);
