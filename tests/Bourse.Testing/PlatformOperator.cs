using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bourse.Identity.Operators;
using Bourse.Testing.Hosting;
using Xunit;

namespace Bourse.Testing;

/// <summary>
/// An operator signed in as the admin endpoints demand, made the way a real one is: <c>bourse admin create</c>'s code
/// path against the server's identity database (<see cref="IBourseServer.CreateOperatorAsync"/>), the setup link's
/// password, 2FA enrolled, then signed in with a code. Each email is signed in once per server.
/// </summary>
public sealed partial class PlatformOperator(PlatformClient client, string accessToken, long userId)
{
    public const string Email = "operator@example.com";
    public const string Password = "correct horse battery staple";

    /// <summary>The default operator, holding every role.</summary>
    public static Task<PlatformOperator> SignInAsync(IBourseServer server) => SignInAsync(server, Email);

    /// <summary>An operator holding every role.</summary>
    public static Task<PlatformOperator> SignInAsync(IBourseServer server, string email) => SignInAsync(server, email, [.. OperatorRoles.All]);

    /// <summary>An operator holding exactly <paramref name="roles"/>.</summary>
    public static async Task<PlatformOperator> SignInAsync(IBourseServer server, string email, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(server);
        var link = await server.CreateOperatorAsync(email, roles);
        var token = SetupToken().Match(link) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"no token in {link}");
        var client = new PlatformClient(server.Http);
        var setUp = await client.PostAsync("/api/v1/auth/operator-setup", new { token, password = Password });
        Assert.True(setUp.Status == HttpStatusCode.NoContent, setUp.Text);

        var first = await client.LoginAsync(email, Password);
        Assert.True(first.TwoFactorSetupRequired, "an operator must be asked to enroll 2FA");
        var enrollment = await client.PostAsync("/api/v1/account/2fa/enroll", null, first.AccessToken);
        Assert.True(enrollment.Status == HttpStatusCode.OK, enrollment.Text);
        var authenticator = new Authenticator(enrollment.Json!.Value.GetProperty("secret").GetString()!, server.Time);
        var confirmed = await client.PostAsync("/api/v1/account/2fa/confirm", new { code = authenticator.Now(), password = Password }, first.AccessToken);
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.Text);
        var signedIn = await client.LoginAsync(email, Password, authenticator.Next());
        return new PlatformOperator(client, signedIn.AccessToken, signedIn.UserId) { Tokens = signedIn };
    }

    /// <summary>The operator's access token, for requests the helpers here do not make.</summary>
    public string AccessToken => accessToken;

    public long UserId => userId;

    /// <summary>The whole sign-in answer (refresh token, session id).</summary>
    public Tokens Tokens { get; private init; } = null!;

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

    [GeneratedRegex("token=([A-Za-z0-9_-]+)")]
    private static partial Regex SetupToken();
}
