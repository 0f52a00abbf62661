using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Bourse.Server.Tests.Treasury;

/// <summary>What the adjustment tests share: proposing, deciding, reading balances and checking the books.</summary>
internal static class Adjustments
{
    public const string Endpoint = "/api/v1/admin/adjustments";

    public static string NewReference() => $"ticket-{Guid.NewGuid():N}";

    public static async Task<JsonElement> ProposeAsync(PlatformOperator maker, long userId, string asset, string amount, string? reference = null)
    {
        var response = await maker.Client.PostAsync(Endpoint, new { userId, asset, amount, reason = "goodwill credit after incident 42", reference = reference ?? NewReference() },
            maker.AccessToken);
        Assert.True(response.Status == HttpStatusCode.Created, response.Text);
        return response.Json!.Value;
    }

    public static Task<PlatformResponse> ApproveAsync(PlatformOperator checker, long id) =>
        checker.Client.PostAsync($"{Endpoint}/{id}/approve", null, checker.AccessToken);

    public static Task<PlatformResponse> RejectAsync(PlatformOperator checker, long id, object body) =>
        checker.Client.PostAsync($"{Endpoint}/{id}/reject", body, checker.AccessToken);

    public static async Task<List<JsonElement>> ListAsync(PlatformOperator op, string status = "all")
    {
        var response = await op.Client.GetAsync($"{Endpoint}?status={status}", op.AccessToken);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        return [.. response.Json!.Value.EnumerateArray()];
    }

    public static async Task<JsonElement> FindAsync(PlatformOperator op, long id) => (await ListAsync(op)).Single(p => p.GetProperty("id").GetInt64() == id);

    /// <summary>A new, verified user with no funds.</summary>
    public static async Task<(PlatformTrader Trader, long UserId)> NewUserAsync(IBourseServer server, string name)
    {
        var tokens = await new PlatformClient(server.Http).NewUserAsync(PlatformServerFixture.NewEmail(name));
        return (new PlatformTrader(server.Http, tokens.AccessToken), tokens.UserId);
    }

    public static async Task<decimal> FreeAsync(PlatformTrader trader, string asset) =>
        (await trader.BalancesAsync()).TryGetValue(asset, out var balance) ? balance.Free : 0m;

    public static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    /// <summary>
    /// Conservation: every asset balances, no balance is negative, and each asset's adjustments line equals the net of
    /// the executed adjustments.
    /// </summary>
    public static async Task AssertBooksBalanceAsync(PlatformOperator op)
    {
        await op.ReconcileAsync();
        var response = await op.Client.GetAsync("/api/v1/admin/reconciliation", op.AccessToken);
        var executed = (await ListAsync(op)).Where(p => p.GetProperty("status").GetString() == "executed")
            .GroupBy(p => p.GetProperty("asset").GetString()!).ToDictionary(g => g.Key, g => g.Sum(p => Number(p, "amount")));
        foreach (var row in response.Json!.Value.EnumerateArray())
        {
            Assert.Equal(0, row.GetProperty("negativeBalances").GetInt32());
            Assert.Equal(executed.GetValueOrDefault(row.GetProperty("asset").GetString()!), Number(row, "adjustments"));
        }
    }
}
