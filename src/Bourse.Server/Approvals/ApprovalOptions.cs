namespace Bourse.Server.Approvals;

/// <summary><c>Bourse:Admin</c>: how long a proposal waits for its second operator before it expires.</summary>
public sealed class ApprovalOptions
{
    public const string Section = "Bourse:Admin";

    public TimeSpan ProposalLifetime { get; set; } = TimeSpan.FromHours(24);
}
