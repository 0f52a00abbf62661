using Bourse.Identity.Operators;
using Bourse.Store.Identity;

namespace Bourse.Server.Approvals;

public static class ApprovalsServiceExtensions
{
    /// <summary>The maker–checker: the proposals table, the desk with its rules, the re-drive at start. Kinds register themselves as <see cref="IProposalKind"/>.</summary>
    public static WebApplicationBuilder AddApprovals(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section);
        builder.Services.AddSingleton<IProposalStore>(sp => new SqlProposals(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton<ProposalDesk>();
        builder.Services.AddSingleton<ProposalRedrive>();
        return builder;
    }
}
