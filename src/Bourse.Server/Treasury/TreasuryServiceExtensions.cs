using Bourse.Server.Approvals;

namespace Bourse.Server.Treasury;

public static class TreasuryServiceExtensions
{
    /// <summary>Balance adjustments, as a kind of the maker–checker (<see cref="ApprovalsServiceExtensions.AddApprovals"/>).</summary>
    public static WebApplicationBuilder AddTreasury(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IProposalKind, BalanceAdjustments>();
        return builder;
    }
}
