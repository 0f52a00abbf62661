using System.Globalization;

namespace Bourse.Faults.Tests.Drills;

/// <summary>
/// Seeded traffic from alice and bob as careful clients send it: crossing BTCUSDT orders and cancels on /api/v3,
/// transfers, stakes, unstakes and converts on /api/v1. Each operation carries the client's key and is seen through to
/// an answer across lost requests, 503s and restarts: an order whose answer was lost is looked up by its
/// newClientOrderId (Binance refuses a duplicate id only while that order is open, so a blind resend could place a
/// second one) and sent again only if it does not exist; a transfer, stake or unstake is resent with the same
/// clientReference (the server answers a repeat with the first result); a convert whose accept was lost is looked up
/// by its quote id. The workers stop between operations, never inside one.
/// </summary>
public sealed class MixedLoad(Ledger ledger, DrillClient alice, DrillClient bob, int seed, bool moves = true)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SettlePause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan OperationDeadline = TimeSpan.FromSeconds(120);
    private readonly string _run = $"{seed}";

    /// <summary>Runs until <paramref name="stop"/>, then returns once every operation in flight has its answer.</summary>
    public Task RunAsync(CancellationToken stop)
    {
        var workers = new List<Task>
        {
            Task.Run(() => TradeAsync(alice, "SELL", new Random(seed), stop)),
            Task.Run(() => TradeAsync(bob, "BUY", new Random(seed + 1), stop)),
        };
        if (moves)
        {
            workers.Add(Task.Run(() => MoveAsync(alice, bob, new Random(seed + 2), stop)));
            workers.Add(Task.Run(() => MoveAsync(bob, alice, new Random(seed + 3), stop)));
        }

        return Task.WhenAll(workers);
    }

    private async Task TradeAsync(DrillClient client, string side, Random random, CancellationToken stop)
    {
        var open = new List<string>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            if (open.Count > 0 && random.Next(5) == 0)
            {
                var index = random.Next(open.Count);
                await CancelAsync(client, open[index]);
                open.RemoveAt(index);
                continue;
            }

            var clientOrderId = $"d{_run}-{client.Name}-{n}";
            var quantity = (random.Next(1, 5) / 1000m).ToString(CultureInfo.InvariantCulture);
            var price = (90_000 + random.Next(-3, 4)).ToString(CultureInfo.InvariantCulture);
            if (await PlaceAsync(client, side, clientOrderId, quantity, price))
            {
                open.Add(clientOrderId);
            }
        }
    }

    private async Task<bool> PlaceAsync(DrillClient client, string side, string clientOrderId, string quantity, string price)
    {
        ledger.TryOrder(client.Name, clientOrderId);
        var deadline = DateTime.UtcNow + OperationDeadline;
        var send = true;
        while (true)
        {
            var refused = false;
            if (send)
            {
                var placed = await client.SignedAsync(HttpMethod.Post, "/api/v3/order",
                    $"symbol=BTCUSDT&side={side}&type=LIMIT&timeInForce=GTC&quantity={quantity}&price={price}&newClientOrderId={clientOrderId}&newOrderRespType=ACK");
                if (placed.Status == 200)
                {
                    ledger.Order(client.Name, clientOrderId, placed.Body.GetProperty("orderId").GetInt64());
                    return true;
                }

                // A refusal may be "duplicate": an earlier, lost attempt placed it. Either way, ask.
                refused = !placed.IsUnknown && placed.Status != 429;
            }

            var found = await client.SignedAsync(HttpMethod.Get, "/api/v3/order", $"symbol=BTCUSDT&origClientOrderId={clientOrderId}");
            if (found.Status == 200)
            {
                ledger.Order(client.Name, clientOrderId, found.Body.GetProperty("orderId").GetInt64());
                return true;
            }

            if (found.Status == 400 && found.Code == -2013)
            {
                if (refused)
                {
                    return false;
                }

                // Not there. An attempt whose answer was lost may still be inside a server that was frozen a moment ago,
                // and Binance refuses a repeated newClientOrderId only while that order is open: ask once more, a
                // moment later, before sending it again.
                if (!await StillMissingAsync(client, clientOrderId))
                {
                    send = false;
                    continue;
                }

                send = true;
            }
            else
            {
                Assert.True(found.IsUnknown, $"looking up {clientOrderId}: {found}");
                send = false;
            }

            await PauseAsync(deadline, $"order {clientOrderId}");
        }
    }

    private static async Task<bool> StillMissingAsync(DrillClient client, string clientOrderId)
    {
        await Task.Delay(SettlePause);
        var again = await client.SignedAsync(HttpMethod.Get, "/api/v3/order", $"symbol=BTCUSDT&origClientOrderId={clientOrderId}");
        return again.Status == 400 && again.Code == -2013;
    }

    private async Task CancelAsync(DrillClient client, string clientOrderId)
    {
        var deadline = DateTime.UtcNow + OperationDeadline;
        while (true)
        {
            var canceled = await client.SignedAsync(HttpMethod.Delete, "/api/v3/order", $"symbol=BTCUSDT&origClientOrderId={clientOrderId}");
            if (canceled.Status == 200)
            {
                ledger.Cancel(client.Name, clientOrderId);
                return;
            }

            if (!canceled.IsUnknown)
            {
                // -2011: no longer open (filled, or canceled by an attempt whose answer was lost).
                Assert.True(canceled.Code == -2011, $"canceling {clientOrderId}: {canceled}");
                return;
            }

            await PauseAsync(deadline, $"cancel {clientOrderId}");
        }
    }

    private async Task MoveAsync(DrillClient client, DrillClient other, Random random, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var reference = $"d{_run}-{client.Name}-{n}";
            switch (random.Next(10))
            {
                case < 4:
                    await IdempotentAsync(client, "transfer_out", reference, "/api/v1/transfers", new
                    {
                        toEmail = other.Email,
                        asset = "USDT",
                        amount = (1 + random.Next(1, 300) / 100m).ToString(CultureInfo.InvariantCulture),
                        clientReference = reference,
                    }, "insufficient_balance");
                    break;
                case < 6:
                    await IdempotentAsync(client, "stake", reference, "/api/v1/staking/stake",
                        new { asset = "SOL", amount = "0.5", clientReference = reference }, "insufficient_balance");
                    break;
                case < 7:
                    await IdempotentAsync(client, "unstake", reference, "/api/v1/staking/unstake",
                        new { asset = "SOL", amount = "0.2", clientReference = reference }, "insufficient_stake");
                    break;
                default:
                    await ConvertAsync(client, random);
                    break;
            }
        }
    }

    /// <summary>A request made harmless to repeat by its clientReference: resent as it is until it has an answer.</summary>
    private async Task IdempotentAsync(DrillClient client, string kind, string reference, string path, object body, string refusal)
    {
        ledger.TryMove(client.Name, kind, reference);
        var deadline = DateTime.UtcNow + OperationDeadline;
        while (true)
        {
            var answer = await client.BearerAsync(HttpMethod.Post, path, body);
            if (answer.Status is 200 or 201)
            {
                ledger.Move(client.Name, kind, reference);
                return;
            }

            if (!answer.IsUnknown && answer.Status != 429)
            {
                Assert.True(answer.Problem == refusal, $"{kind} {reference}: {answer}");
                return;
            }

            await PauseAsync(deadline, $"{kind} {reference}");
        }
    }

    private async Task ConvertAsync(DrillClient client, Random random)
    {
        var deadline = DateTime.UtcNow + OperationDeadline;
        var (from, to, amount) = random.Next(2) == 0 ? ("USDT", "BTC", "50") : ("BTC", "USDT", "0.0006");
        Answer quote;
        while ((quote = await client.BearerAsync(HttpMethod.Post, "/api/v1/convert/quotes", new { from, to, fromAmount = amount })).IsUnknown)
        {
            await PauseAsync(deadline, "convert quote");
        }

        if (quote.Status != 201)
        {
            Assert.True(quote.Problem is "insufficient_liquidity" or "insufficient_balance", $"convert quote: {quote}");
            return;
        }

        var quoteId = quote.Field("quoteId");
        ledger.TryMove(client.Name, "convert", quoteId);
        while (true)
        {
            var accepted = await client.BearerAsync(HttpMethod.Post, $"/api/v1/convert/quotes/{quoteId}/accept");
            if (accepted.Status is 200 or 201)
            {
                ledger.Move(client.Name, "convert", quoteId);
                return;
            }

            if (!accepted.IsUnknown && accepted.Problem is not ("quote_not_found" or "quote_already_accepted"))
            {
                Assert.True(accepted.Problem is "price_moved" or "quote_expired" or "insufficient_balance" or "insufficient_liquidity",
                    $"convert {quoteId}: {accepted}");
                return;
            }

            // Lost, or the quote is gone (a restart) or spent: did an earlier attempt convert?
            Answer found;
            while ((found = await client.BearerAsync(HttpMethod.Get, $"/api/v1/convert/{quoteId}")).IsUnknown)
            {
                await PauseAsync(deadline, $"convert {quoteId} lookup");
            }

            if (found.Status == 200)
            {
                ledger.Move(client.Name, "convert", quoteId);
                return;
            }

            Assert.True(found.Status == 404, $"convert {quoteId} lookup: {found}");
            if (accepted.Problem == "quote_not_found")
            {
                return;
            }

            await PauseAsync(deadline, $"convert {quoteId}");
        }
    }

    private static async Task PauseAsync(DateTime deadline, string what)
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"{what}: no answer within {OperationDeadline.TotalSeconds} s");
        }

        await Task.Delay(RetryPause);
    }
}
