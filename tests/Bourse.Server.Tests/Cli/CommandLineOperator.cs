using System.Net;
using OtpNet;

namespace Bourse.Server.Tests.Cli;

/// <summary>
/// An operator who uses only the command line: made as <c>bourse admin create</c> makes one, the setup link's password
/// and 2FA enrolled on the server's fake clock, never signed in here — each command-line run signs in itself with
/// <see cref="NextCode"/>.
/// </summary>
public sealed class CommandLineOperator(string email, Totp totp, FakeTimeProvider time)
{
    public const string Password = "correct horse battery staple";

    public string Email => email;

    public static async Task<CommandLineOperator> CreateAsync(IBourseServer server, FakeTimeProvider time, string email, params string[] roles)
    {
        var link = await server.CreateOperatorAsync(email, roles);
        var client = new PlatformClient(server.Http);
        var setUp = await client.PostAsync("/api/v1/auth/operator-setup", new { token = new Uri(link).Query.Split("token=")[1], password = Password });
        Assert.True(setUp.Status == HttpStatusCode.NoContent, setUp.Text);
        var tokens = await client.LoginAsync(email, Password);
        var enrollment = await client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken);
        var totp = new Totp(Base32Encoding.ToBytes(enrollment.Json!.Value.GetProperty("secret").GetString()!));
        var confirmed = await client.PostAsync("/api/v1/account/2fa/confirm", new { code = totp.ComputeTotp(time.GetUtcNow().UtcDateTime), password = Password },
            tokens.AccessToken);
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.Text);
        return new CommandLineOperator(email, totp, time);
    }

    /// <summary>A code of the next 30-second step on the server's clock: each sign-in spends its step.</summary>
    public string NextCode()
    {
        time.Advance(TimeSpan.FromSeconds(30));
        return totp.ComputeTotp(time.GetUtcNow().UtcDateTime);
    }

    /// <summary>Runs <c>bourse ARGS --server … --email … --otp …</c> with the password in the environment.</summary>
    public Task<CompletedRun> RunAsync(IBourseServer server, string workingDirectory, params string[] args) =>
        ServerProcess.RunAsync(workingDirectory, new Dictionary<string, string> { ["BOURSE_PASSWORD"] = Password },
            [.. args, "--server", server.Http.BaseAddress!.ToString(), "--email", email, "--otp", NextCode()]);
}
