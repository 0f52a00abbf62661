namespace Bourse.Faults.Tests.Drills;

/// <summary>
/// The operator who reads reconciliation: <see cref="PlatformOperator"/> (made with <c>bourse admin create</c> next to
/// the server, 2FA on and used at sign-in) as a drill client. Its access token outlives restarts (the signing key is in
/// the data directory), so the drill signs in once.
/// </summary>
public static class Operator
{
    public static async Task<DrillClient> SignInAsync(DrillServer server)
    {
        var signedIn = await PlatformOperator.SignInAsync(server.Process, PlatformOperator.Email, "treasury");
        return new DrillClient(server, TimeSpan.FromSeconds(30)) { Name = "operator", Email = PlatformOperator.Email, AccessToken = signedIn.AccessToken };
    }
}
