using System.Net;
using Bourse.Server.Tests;

namespace Bourse.Faults.Tests.Drills;

/// <summary>
/// The operator who reads reconciliation: an email listed in Bourse:Identity:Admins (start the server with
/// <see cref="ServerArgument"/>), verified through demo mode's mail sink, 2FA on and used at sign-in. Its access token
/// outlives restarts (the signing key is in the data directory), so the drill signs in once.
/// </summary>
public static class Operator
{
    public const string Email = "operator@example.com";
    public const string ServerArgument = "--Bourse:Identity:Admins:0=" + Email;
    private const string Password = "correct horse battery staple";

    public static async Task<DrillClient> SignInAsync(DrillServer server)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var client = new PlatformClient(http);
        var tokens = await client.NewUserAsync(Email, Password);
        await client.VerifyEmailAsync(Email);
        var enrollment = await client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, enrollment.Status);
        var authenticator = new Authenticator(enrollment.Json!.Value.GetProperty("secret").GetString()!);
        var confirmed = await client.PostAsync("/api/v1/account/2fa/confirm", new { code = authenticator.Now(), password = Password }, tokens.AccessToken);
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.Text);
        var signedIn = await client.LoginAsync(Email, Password, authenticator.Next());
        return new DrillClient(server, TimeSpan.FromSeconds(30)) { Name = "operator", Email = Email, AccessToken = signedIn.AccessToken };
    }
}
