namespace Bourse.Trading;

/// <summary>A refusal: its <see cref="Kind"/> and the field or filter it concerns, as data.</summary>
public sealed record Rejection(TradingRejection Kind)
{
    /// <summary>The field the rejection is about, when it is about one.</summary>
    public OrderField? Field { get; init; }

    /// <summary>The second field of an <see cref="TradingRejection.EitherField"/>.</summary>
    public OrderField? OtherField { get; init; }

    /// <summary>The filter of a <see cref="TradingRejection.FilterFailure"/>.</summary>
    public MarketFilter? Filter { get; init; }

    public static Rejection UnknownSymbol { get; } = new(TradingRejection.UnknownSymbol);

    public static Rejection Of(TradingRejection kind, OrderField field) => new(kind) { Field = field };

    public static Rejection Missing(OrderField field) => Of(TradingRejection.MissingField, field);

    public static Rejection NotAllowed(OrderField field) => Of(TradingRejection.FieldNotAllowed, field);

    public static Rejection Either(OrderField first, OrderField second) =>
        new(TradingRejection.EitherField) { Field = first, OtherField = second };

    public static Rejection FilterFailure(MarketFilter filter) => new(TradingRejection.FilterFailure) { Filter = filter };

    public override string ToString() =>
        Kind + (Field is { } f ? $" {f}" : "") + (OtherField is { } o ? $"/{o}" : "") + (Filter is { } m ? $" {m}" : "");
}
