using System.Globalization;
using System.Text.Json;

namespace Bourse.Faults.Tests.Drills;

/// <summary>
/// What must hold after a fault, read back over the public APIs once the clients are quiet: every acknowledged
/// operation present exactly once, nothing tried present twice, every acknowledged cancel canceled, and the money
/// conserved (reconciliation balanced, no negative balance, and alice + bob + the fee and staking-rewards accounts
/// holding exactly what they held before the load).
/// </summary>
public static class Audit
{
    private static readonly string[] MoveKinds = ["transfer_out", "stake", "unstake", "convert"];

    public static async Task ExactlyOnceAsync(Ledger ledger, params DrillClient[] clients)
    {
        foreach (var client in clients)
        {
            var orders = await AllOrdersAsync(client);
            var byClientId = orders.GroupBy(o => o.GetProperty("clientOrderId").GetString()!).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var ((user, clientOrderId), orderId) in ledger.Orders.Where(o => o.Key.User == client.Name))
            {
                Assert.True(byClientId.TryGetValue(clientOrderId, out var found), $"acknowledged order {clientOrderId} ({orderId}) of {user} is missing");
                Assert.True(found.Count == 1, $"order {clientOrderId} of {user} is there {found.Count} times");
                Assert.Equal(orderId, found[0].GetProperty("orderId").GetInt64());
            }

            foreach (var (_, clientOrderId) in ledger.AttemptedOrders.Where(o => o.User == client.Name))
            {
                Assert.True(!byClientId.TryGetValue(clientOrderId, out var found) || found.Count == 1, $"order {clientOrderId} placed twice");
            }

            foreach (var (_, clientOrderId) in ledger.Cancels.Where(c => c.User == client.Name))
            {
                Assert.Equal("CANCELED", byClientId[clientOrderId][0].GetProperty("status").GetString());
            }

            var activities = await ActivitiesAsync(client);
            var byReference = activities.Where(a => MoveKinds.Contains(a.GetProperty("kind").GetString()) && a.TryGetProperty("reference", out _))
                .GroupBy(a => (a.GetProperty("kind").GetString()!, a.GetProperty("reference").GetString()!))
                .ToDictionary(g => g.Key, g => g.Count());
            foreach (var (user, kind, reference) in ledger.Moves.Where(m => m.User == client.Name))
            {
                Assert.True(byReference.GetValueOrDefault((kind, reference)) == 1,
                    $"acknowledged {kind} {reference} of {user} is there {byReference.GetValueOrDefault((kind, reference))} times");
            }

            foreach (var (user, kind, reference) in ledger.AttemptedMoves.Where(m => m.User == client.Name))
            {
                Assert.True(byReference.GetValueOrDefault((kind, reference)) <= 1, $"{kind} {reference} of {user} happened twice");
            }
        }
    }

    /// <summary>
    /// Per asset: what alice, bob, the fee account and the staking-rewards account hold together (nobody else trades in
    /// the drill, so this never changes), after checking that reconciliation balances with no negative balance.
    /// </summary>
    public static async Task<Dictionary<string, decimal>> HoldingsAsync(DrillClient @operator, params DrillClient[] clients)
    {
        var reconciliation = await UntilAnsweredAsync(() => @operator.BearerAsync(HttpMethod.Get, "/api/v1/admin/reconciliation"), "reconciliation");
        var rows = reconciliation.Body.EnumerateArray().ToList();
        Assert.All(rows, row => Assert.True(row.GetProperty("balanced").GetBoolean() && row.GetProperty("negativeBalances").GetInt32() == 0, row.ToString()));
        var held = rows.ToDictionary(r => r.GetProperty("asset").GetString()!,
            r => Decimal(r, "feeAccount") + Decimal(r, "stakingRewardsAccount"));
        foreach (var client in clients)
        {
            var balances = await UntilAnsweredAsync(() => client.BearerAsync(HttpMethod.Get, "/api/v1/account/balances"), $"{client.Name}'s balances");
            foreach (var balance in balances.Body.EnumerateArray())
            {
                var total = Decimal(balance, "free") + Decimal(balance, "locked") + Decimal(balance, "staked");
                Assert.True(total >= 0, $"{client.Name}: {balance}");
                held[balance.GetProperty("asset").GetString()!] += total;
            }
        }

        return held;
    }

    /// <summary>Asks until the server answers 200: through a restart, a pause or a 503 while a dependency is down.</summary>
    public static async Task<Answer> UntilAnsweredAsync(Func<Task<Answer>> request, string what, TimeSpan? timeout = null) =>
        await Eventually.UntilAsync(request, a => a.Status == 200 || (!a.IsUnknown && a.Status != 429), a => $"{what}: {a}", timeout ?? TimeSpan.FromSeconds(90))
            is { Status: 200 } ok
            ? ok
            : throw new Xunit.Sdk.XunitException($"{what} refused");

    private static async Task<List<JsonElement>> AllOrdersAsync(DrillClient client)
    {
        var rows = new List<JsonElement>();
        long from = 1;
        while (true)
        {
            var page = await UntilAnsweredAsync(() => client.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", $"symbol=BTCUSDT&limit=1000&orderId={from}"),
                $"{client.Name}'s orders");
            var items = page.Body.EnumerateArray().Select(e => e.Clone()).ToList();
            rows.AddRange(items);
            if (items.Count < 1000)
            {
                return rows;
            }

            from = items[^1].GetProperty("orderId").GetInt64() + 1;
        }
    }

    private static async Task<List<JsonElement>> ActivitiesAsync(DrillClient client)
    {
        var rows = new List<JsonElement>();
        string? cursor = null;
        while (true)
        {
            var query = cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}";
            var page = await UntilAnsweredAsync(() => client.BearerAsync(HttpMethod.Get, $"/api/v1/wallet/history?limit=500{query}"), $"{client.Name}'s wallet history");
            rows.AddRange(page.Body.GetProperty("activities").EnumerateArray().Select(e => e.Clone()));
            if (!page.Body.TryGetProperty("nextCursor", out var next) || next.ValueKind != JsonValueKind.String)
            {
                return rows;
            }

            cursor = next.GetString();
        }
    }

    private static decimal Decimal(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
