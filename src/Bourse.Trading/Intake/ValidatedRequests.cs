using Bourse.Core.Commands;

namespace Bourse.Trading;

// What the intake hands on: the core command (its sequence and time are the engine's to stamp) and the market it is in.

/// <summary>An order ready for the engine.</summary>
public sealed record ValidatedOrder(Command Command, TradingMarket Market)
{
    public string ClientOrderId => Command.ClientOrderId!;
}

/// <summary>A cancel of one order, or of all of a market's, ready for the engine.</summary>
public sealed record ValidatedCancel(Command Command, TradingMarket Market);

/// <summary>A cancel-replace ready for the engine; <see cref="NewOrder"/> is the order it places.</summary>
public sealed record ValidatedCancelReplace(Command Command, TradingMarket Market, ValidatedOrder NewOrder);

/// <summary>Which order to look up: by id when given, else by client order id.</summary>
public sealed record OrderQuery(TradingMarket Market, long? OrderId, string? ClientOrderId);
