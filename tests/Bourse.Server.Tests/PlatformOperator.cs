using System.Globalization;
using System.Net;

namespace Bourse.Server.Tests;

/// <summary>
/// An operator signed in as the admin endpoints demand: an email listed in Bourse:Identity:Admins (start the server
/// with <see cref="ServerArgument"/>), proven, with 2FA on and used at sign-in.
/// </summary>
public sealed class PlatformOperator(PlatformClient client, string accessToken)
{
    public const string Email = "operator@example.com";
    public const string ServerArgument = "--Bourse:Identity:Admins:0=" + Email;
    private const string Password = "correct horse battery staple";

    /// <summary>The server arguments that make each of <paramref name="emails"/> an operator.</summary>
    public static string[] ServerArguments(params string[] emails) =>
        [.. emails.Select((email, i) => $"--Bourse:Identity:Admins:{i}={email}")];

    public static Task<PlatformOperator> SignInAsync(IBourseServer server) => SignInAsync(server, Email);

    public static async Task<PlatformOperator> SignInAsync(IBourseServer server, string email)
    {
        var client = new PlatformClient(server.Http);
        var tokens = await client.NewUserAsync(email, Password);
        await client.VerifyEmailAsync(email);
        var enrollment = await client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, enrollment.Status);
        var authenticator = new Authenticator(enrollment.Json!.Value.GetProperty("secret").GetString()!);
        var confirmed = await client.PostAsync("/api/v1/account/2fa/confirm", new { code = authenticator.Now(), password = Password }, tokens.AccessToken);
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.Text);
        var signedIn = await client.LoginAsync(email, Password, authenticator.Next());
        return new PlatformOperator(client, signedIn.AccessToken);
    }

    /// <summary>The operator's access token, for requests the helpers here do not make.</summary>
    public string AccessToken => accessToken;

    public PlatformClient Client => client;

    /// <summary>Per asset code: (supply, held by all accounts); the test fails unless every asset balances.</summary>
    public async Task<Dictionary<string, (decimal Supply, decimal Held)>> ReconcileAsync()
    {
        var response = await client.GetAsync("/api/v1/admin/reconciliation", accessToken);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        var rows = response.Json!.Value.EnumerateArray().ToList();
        Assert.All(rows, row => Assert.True(row.GetProperty("balanced").GetBoolean(), row.ToString()));
        return rows.ToDictionary(r => r.GetProperty("asset").GetString()!,
            r => (decimal.Parse(r.GetProperty("supply").GetString()!, CultureInfo.InvariantCulture),
                decimal.Parse(r.GetProperty("held").GetString()!, CultureInfo.InvariantCulture)));
    }
}
