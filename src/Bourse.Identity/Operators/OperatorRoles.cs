namespace Bourse.Identity.Operators;

/// <summary>
/// The back office's roles. An operator holds one or more; a token carries them (as <c>role</c> claims) only for a
/// session signed in with 2FA. What each role may do is <see cref="OperatorPermissions"/>.
/// </summary>
public static class OperatorRoles
{
    /// <summary>Reads users, their sessions and orders; freezes and unfreezes; forces password resets.</summary>
    public const string Support = "support";

    /// <summary>KYC and monitoring (once they exist); reads users; freezes and unfreezes.</summary>
    public const string Compliance = "compliance";

    /// <summary>Balance adjustments (propose and approve — never one's own), reconciliation, withdrawal review.</summary>
    public const string Treasury = "treasury";

    /// <summary>Assets, markets, fee tiers and their assignment.</summary>
    public const string Listing = "listing";

    /// <summary>Operators and their roles.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Support, Compliance, Treasury, Listing, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
