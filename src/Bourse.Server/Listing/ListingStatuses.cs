using Bourse.Core.Model;

namespace Bourse.Server.Listing;

/// <summary>Market statuses as the admin API and listing documents spell them.</summary>
public static class ListingStatuses
{
    public static string NameOf(MarketStatus status) => status switch
    {
        MarketStatus.Trading => "TRADING",
        MarketStatus.Halted => "HALTED",
        MarketStatus.CancelOnly => "CANCEL_ONLY",
        MarketStatus.Delisted => "DELISTED",
        _ => status.ToString(),
    };

    public static MarketStatus? Parse(string? text) => text switch
    {
        "TRADING" => MarketStatus.Trading,
        "HALTED" => MarketStatus.Halted,
        "CANCEL_ONLY" => MarketStatus.CancelOnly,
        "DELISTED" => MarketStatus.Delisted,
        _ => null,
    };
}
