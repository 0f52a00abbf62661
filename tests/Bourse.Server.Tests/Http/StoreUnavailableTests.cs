using System.Net;
using System.Text.Json;

namespace Bourse.Server.Tests.Http;

/// <summary>The identity store on a PostgreSQL that stops answering: "try again" (503), never a 500, and back to normal once it is up.</summary>
public class StoreUnavailableTests
{
    [Fact]
    public async Task With_the_database_down_sign_in_answers_a_503_problem_and_bearer_requests_no_500_then_both_work_again()
    {
        using var postgres = new Bourse.Store.Tests.PostgresServer();
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Store:Provider=postgres", $"--Bourse:Store:ConnectionString={postgres.CreateDatabase()}");
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        var accounts = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(directory.Path, "demo-accounts.json")));
        var account = accounts.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "alice");
        var credentials = new { email = account.GetProperty("email").GetString(), password = account.GetProperty("password").GetString() };
        var client = new PlatformClient(server.Http);

        postgres.Stop();
        try
        {
            (await client.SendAsync(HttpMethod.Post, "/api/v1/auth/login", credentials)).AssertProblem(HttpStatusCode.ServiceUnavailable, "server_busy");
            var (status, body, _) = await alice.GetAsync("/api/v1/account/balances");
            Assert.True(status is 200 or 503, $"{status} {body}");
        }
        finally
        {
            postgres.Start();
        }

        Assert.Equal(HttpStatusCode.OK, (await Eventually.UntilAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/auth/login", credentials),
            r => r.Status != HttpStatusCode.ServiceUnavailable)).Status);
        Assert.Equal(200, (await alice.GetAsync("/api/v1/account/balances")).Status);
    }
}
