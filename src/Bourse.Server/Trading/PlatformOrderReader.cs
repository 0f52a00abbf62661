using System.Buffers;
using Bourse.Api.Binance;
using Bourse.Core.Model;
using Bourse.Trading;

namespace Bourse.Server.Trading;

/// <summary>
/// The JSON of POST /api/v1/orders → an <see cref="OrderIntent"/> for the trading intake. The platform spells types,
/// sides, times in force and self-trade prevention modes as /api/v3 does (so both read alike), and amounts as decimal
/// strings. The first problem found is the answer, checked in this order: a value with control characters; symbol,
/// side and type; the symbol's market; then each other field as it is listed on <see cref="PlaceOrderRequest"/>.
/// </summary>
public static class PlatformOrderReader
{
    private const int MaxSymbolLength = 20;

    private static readonly SearchValues<char> SymbolCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    public static (OrderIntent? Intent, Rejection? Rejection) Read(PlaceOrderRequest body, long userId, TradingIntake intake)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(intake);
        string?[] all = [body.Symbol, body.Side, body.Type, body.TimeInForce, body.Quantity, body.QuoteQuantity, body.Price, body.StopPrice,
            body.IcebergQuantity, body.ClientOrderId, body.SelfTradePrevention];
        if (all.Any(HasControlCharacters))
        {
            return (null, new Rejection(TradingRejection.IllegalCharacters));
        }

        Rejection? rejection = null;
        var symbol = Symbol(body.Symbol, ref rejection);
        var side = Required(body.Side, OrderField.Side, WireEnums.Side, static _ => new Rejection(TradingRejection.InvalidSide), ref rejection);
        var type = Required(body.Type, OrderField.Type, WireEnums.OrderType, InvalidType, ref rejection);
        if (rejection is not null)
        {
            return (null, rejection);
        }

        if (intake.FindMarket(symbol!) is null)
        {
            return (null, Rejection.UnknownSymbol);
        }

        var intent = new OrderIntent(userId, symbol!, side, type)
        {
            TimeInForce = Optional(body.TimeInForce, OrderField.TimeInForce, WireEnums.TimeInForce,
                static _ => new Rejection(TradingRejection.InvalidTimeInForce), ref rejection),
            Quantity = Amount(body.Quantity, OrderField.Quantity, ref rejection),
            QuoteQuantity = Amount(body.QuoteQuantity, OrderField.QuoteQuantity, ref rejection),
            Price = Amount(body.Price, OrderField.Price, ref rejection),
            StopPrice = Amount(body.StopPrice, OrderField.StopPrice, ref rejection),
            IcebergQuantity = Amount(body.IcebergQuantity, OrderField.IcebergQuantity, ref rejection),
            ClientOrderId = ClientOrderId(body.ClientOrderId, ref rejection) ?? ClientOrderIds.Shared.Next(),
            SelfTradePrevention = Optional(body.SelfTradePrevention, OrderField.SelfTradePrevention, WireEnums.SelfTradePrevention,
                static _ => Rejection.Of(TradingRejection.IllegalValue, OrderField.SelfTradePrevention), ref rejection),
        };
        return rejection is null ? (intent, null) : (null, rejection);
    }

    /// <summary>A symbol as a client sent it (in a query, say): null when it is well formed, else why not.</summary>
    public static Rejection? CheckSymbol(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Rejection? rejection = HasControlCharacters(text) ? new Rejection(TradingRejection.IllegalCharacters) : null;
        Symbol(text, ref rejection);
        return rejection;
    }

    private static string? Symbol(string? text, ref Rejection? rejection)
    {
        if (string.IsNullOrEmpty(text))
        {
            rejection ??= Rejection.Missing(OrderField.Symbol);
            return null;
        }

        if (text.Length > MaxSymbolLength || text.AsSpan().ContainsAnyExcept(SymbolCharacters))
        {
            rejection ??= Rejection.Of(TradingRejection.IllegalValue, OrderField.Symbol);
            return null;
        }

        return text;
    }

    private static T Required<T>(string? text, OrderField field, WireEnum<T> names, Func<string, Rejection> invalid, ref Rejection? rejection)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            rejection ??= Rejection.Missing(field);
            return default;
        }

        return Parse(text, names, invalid, ref rejection) ?? default;
    }

    private static T? Optional<T>(string? text, OrderField field, WireEnum<T> names, Func<string, Rejection> invalid, ref Rejection? rejection)
        where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            rejection ??= Rejection.Of(TradingRejection.EmptyField, field);
            return null;
        }

        return Parse(text, names, invalid, ref rejection);
    }

    private static T? Parse<T>(string text, WireEnum<T> names, Func<string, Rejection> invalid, ref Rejection? rejection)
        where T : struct, Enum
    {
        if (names.TryParse(text, out var value))
        {
            return value;
        }

        rejection ??= invalid(text);
        return null;
    }

    /// <summary>Binance's market stop types are named as types Bourse does not offer, rather than as unknown.</summary>
    private static Rejection InvalidType(string text) => text switch
    {
        "STOP_LOSS" => new Rejection(TradingRejection.StopLossNotOffered),
        "TAKE_PROFIT" => new Rejection(TradingRejection.TakeProfitNotOffered),
        _ => new Rejection(TradingRejection.InvalidOrderType),
    };

    private static decimal? Amount(string? text, OrderField field, ref Rejection? rejection)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            rejection ??= Rejection.Of(TradingRejection.EmptyField, field);
            return null;
        }

        if (DecimalUnits.TryParseAmount(text, out var amount))
        {
            return amount;
        }

        rejection ??= Rejection.Of(TradingRejection.IllegalValue, field);
        return null;
    }

    private static string? ClientOrderId(string? text, ref Rejection? rejection)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            rejection ??= Rejection.Of(TradingRejection.EmptyField, OrderField.ClientOrderId);
            return null;
        }

        if (ClientOrderIds.IsValid(text))
        {
            return text;
        }

        rejection ??= Rejection.Of(TradingRejection.IllegalValue, OrderField.ClientOrderId);
        return null;
    }

    private static bool HasControlCharacters(string? value) => value is not null && value.Any(char.IsControl);
}
