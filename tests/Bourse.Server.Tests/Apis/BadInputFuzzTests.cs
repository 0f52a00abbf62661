using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Bourse.Server.History;

using Microsoft.Extensions.DependencyInjection;

namespace Bourse.Server.Tests.Apis;

/// <summary>
/// Thousands of generated bad requests against every /api/v3 endpoint: each must get a Binance error of the kind its
/// defect calls for — never a 500, never a success — and afterwards no balance, order, book or trade has changed.
/// Every request is built from a valid one by one seeded mutation that is invalid by construction.
/// </summary>
public class BadInputFuzzTests
{
    private const int Seed = 20261130;
    private const int RequestsPerEndpoint = 150;

    /// <summary>Codes the spec lists for bad input; anything else (or -1000) means an unhandled case.</summary>
    private static readonly HashSet<int> InputErrorCodes =
        [-1013, -1014, -1021, -1022, -1100, -1101, -1102, -1103, -1104, -1105, -1106, -1111, -1115, -1116, -1117, -1120, -1121, -1127, -1128, -1130, -1131, -2010, -2011, -2013, -2014, -2015];

    private static readonly string[] BadDecimals =
    [
        "-1", "abc", "1e3", "0x10", "NaN", "Infinity", "１", "1,5", " 1", "1 ", "+1", "1.2.3", ".", "0.000000000000000001",
        "99999999999999999999999999999999", "1" + new string('0', 300), "١٢", "1\u00A0", "0.1\u0000", "💰", "1/2", "--1", "1e-3",
    ];

    private static readonly string[] BadIntegers =
    [
        "-1", "abc", "1.5", "1e3", "99999999999999999999999", "0x1F", "１２", " 7", "7 ", "+7", "٣", "💥", "9223372036854775808",
    ];

    private static readonly string[] BadEnums = ["buy", "Sell", "X", "LIMIT ", "ＬＩＭＩＴ", "1", "null", "🚀", "GTC;DROP TABLE orders", "\u202Eevil"];

    private static readonly string[] BadSymbols = ["btcusdt", "NOPE", "BTC USDT", "ΒΤCUSDT", "BTCUSDT\u0000", new string('A', 300), "%", "🙂", "BTC/USDT"];

    private enum Kind
    {
        Symbol,
        Decimal,
        Integer,
        Enum,
        ClientId,
        Text,
    }

    private sealed record Param(string Name, string Value, Kind Kind, bool Mandatory);

    private sealed record Endpoint(HttpMethod Method, string Path, bool Signed, Param[] Params);

    [Fact]
    public async Task Thousands_of_bad_requests_get_binance_errors_and_change_nothing()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:RequestWeightPerMinute=100000000", "--Bourse:OrdersPer10Seconds=1000000", "--Bourse:OrdersPerDay=100000000");
        var credentials = await BinanceClient.DemoCredentials(directory.Path);
        var alice = credentials.Single(c => c.User == "alice");
        var aliceClient = new BinanceClient(server.Http, alice.ApiKey, alice.Secret);
        var bobCredentials = credentials.Single(c => c.User == "bob");
        var bob = new BinanceClient(server.Http, bobCredentials.ApiKey, bobCredentials.Secret);

        // Some state for the mutations to aim at: a resting order each and one trade.
        var (_, resting) = await aliceClient.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=150000&newClientOrderId=fuzz-resting", inBody: true);
        var restingId = resting.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture);
        await bob.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=1000", inBody: true);
        await bob.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.002", inBody: true);

        var before = await Snapshot(server.Http, aliceClient, bob);
        var endpoints = Endpoints(restingId);
        var random = new Random(Seed);
        var failures = new List<string>();
        var sent = 0;
        foreach (var endpoint in endpoints)
        {
            for (var i = 0; i < RequestsPerEndpoint; i++)
            {
                var (description, request, expected) = Mutate(endpoint, random, alice.ApiKey, alice.Secret);
                using (request)
                {
                    var failure = await Check(server.Http, request, expected);
                    if (failure is not null)
                    {
                        failures.Add($"{endpoint.Method} {endpoint.Path} [{description}]: {failure[..Math.Min(failure.Length, 300)]}");
                    }
                }

                sent++;
            }
        }

        foreach (var (description, request) in RawGarbage(alice.ApiKey))
        {
            using (request)
            {
                var response = await server.Http.SendAsync(request);
                if ((int)response.StatusCode >= 500 || response.IsSuccessStatusCode)
                {
                    failures.Add($"raw [{description}]: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }

            sent++;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} bad requests were mishandled:\n" + string.Join('\n', failures.Take(40)));
        Assert.True(sent > 3_000, $"only {sent} requests were sent");
        var after = await Snapshot(server.Http, aliceClient, bob);
        Assert.Equal(before, after);
        Assert.DoesNotContain("\"LogLevel\":\"Error\"", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_beyond_what_dates_hold_are_refused_and_a_start_long_ago_reads_one_page()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var alice = (await BinanceClient.DemoCredentials(directory.Path)).Single(c => c.User == "alice");
        var bob = (await BinanceClient.DemoCredentials(directory.Path)).Single(c => c.User == "bob");
        var (sellStatus, _) = await new BinanceClient(server.Http, alice.ApiKey, alice.Secret).SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=100000", inBody: true);
        var (buyStatus, _) = await new BinanceClient(server.Http, bob.ApiKey, bob.Secret).SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01", inBody: true);
        Assert.Equal((200, 200), (sellStatus, buyStatus));
        // Minutes before the in-memory window come from the history store, which the projection fills off the engine
        // thread: wait until it holds the trade, as a read of one's own history would.
        Assert.True(await server.Services.GetRequiredService<HistoryProjection>().CaughtUpAsync(TimeSpan.FromSeconds(30)),
            "the history store did not catch up");

        foreach (var query in new[]
        {
            "/api/v3/klines?symbol=BTCUSDT&interval=1M&startTime=999999999999999",
            "/api/v3/klines?symbol=BTCUSDT&interval=1w&endTime=9223372036854775807",
            "/api/v3/aggTrades?symbol=BTCUSDT&startTime=999999999999999",
        })
        {
            var response = await server.Http.GetAsync(query);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
            Assert.Equal(-1130, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        }

        // From the epoch, one page of minutes (gap-filled from the first trade), not the whole history.
        var page = await server.Http.GetFromJsonAsync<JsonElement>("/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=0&limit=3");
        Assert.InRange(page.GetArrayLength(), 1, 3);
        Assert.Equal("100000.00000000", page[0][1].GetString());
    }

    private static Endpoint[] Endpoints(string restingId)
    {
        Param Symbol() => new("symbol", "BTCUSDT", Kind.Symbol, true);
        Param OptionalSymbol() => new("symbol", "BTCUSDT", Kind.Symbol, false);
        Param Limit(string value = "10") => new("limit", value, Kind.Integer, false);
        var sellLimit = new[]
        {
            Symbol(), new("side", "SELL", Kind.Enum, true), new("type", "LIMIT", Kind.Enum, true), new("timeInForce", "GTC", Kind.Enum, true),
            new("quantity", "0.001", Kind.Decimal, true), new("price", "160000", Kind.Decimal, true), new("newClientOrderId", "fuzz-new", Kind.ClientId, false),
            new("newOrderRespType", "FULL", Kind.Enum, false),
        };
        return
        [
            new(HttpMethod.Get, "/api/v3/depth", false, [Symbol(), Limit("100")]),
            new(HttpMethod.Get, "/api/v3/trades", false, [Symbol(), Limit()]),
            new(HttpMethod.Get, "/api/v3/historicalTrades", false, [Symbol(), Limit(), new("fromId", "1", Kind.Integer, false)]),
            new(HttpMethod.Get, "/api/v3/aggTrades", false, [Symbol(), Limit(), new("fromId", "1", Kind.Integer, false)]),
            new(HttpMethod.Get, "/api/v3/klines", false,
                [Symbol(), new("interval", "1m", Kind.Enum, true), new("startTime", "1", Kind.Integer, false), Limit()]),
            new(HttpMethod.Get, "/api/v3/ticker/24hr", false, [OptionalSymbol(), new("type", "FULL", Kind.Enum, false)]),
            new(HttpMethod.Get, "/api/v3/ticker/price", false, [OptionalSymbol()]),
            new(HttpMethod.Get, "/api/v3/ticker/bookTicker", false, [OptionalSymbol()]),
            new(HttpMethod.Get, "/api/v3/avgPrice", false, [Symbol()]),
            new(HttpMethod.Get, "/api/v3/exchangeInfo", false, [OptionalSymbol()]),
            new(HttpMethod.Post, "/api/v3/order", true, sellLimit),
            new(HttpMethod.Post, "/api/v3/order/test", true, sellLimit),
            new(HttpMethod.Post, "/api/v3/order", true,
            [
                Symbol(), new("side", "BUY", Kind.Enum, true), new("type", "MARKET", Kind.Enum, true), new("quoteOrderQty", "10", Kind.Decimal, true),
            ]),
            new(HttpMethod.Post, "/api/v3/order", true,
            [
                Symbol(), new("side", "SELL", Kind.Enum, true), new("type", "STOP_LOSS_LIMIT", Kind.Enum, true), new("timeInForce", "GTC", Kind.Enum, true),
                new("quantity", "0.001", Kind.Decimal, true), new("price", "100", Kind.Decimal, true), new("stopPrice", "100", Kind.Decimal, true),
            ]),
            new(HttpMethod.Delete, "/api/v3/order", true, [Symbol(), new("orderId", restingId, Kind.Integer, true)]),
            new(HttpMethod.Delete, "/api/v3/order", true, [Symbol(), new("origClientOrderId", "fuzz-resting", Kind.ClientId, true)]),
            new(HttpMethod.Get, "/api/v3/order", true, [Symbol(), new("orderId", restingId, Kind.Integer, true)]),
            new(HttpMethod.Get, "/api/v3/openOrders", true, [OptionalSymbol()]),
            new(HttpMethod.Delete, "/api/v3/openOrders", true, [Symbol()]),
            new(HttpMethod.Get, "/api/v3/allOrders", true, [Symbol(), new("orderId", "1", Kind.Integer, false), Limit()]),
            new(HttpMethod.Get, "/api/v3/myTrades", true, [Symbol(), new("fromId", "1", Kind.Integer, false), Limit()]),
            new(HttpMethod.Get, "/api/v3/account", true, [new("omitZeroBalances", "true", Kind.Text, false)]),
            new(HttpMethod.Post, "/api/v3/order/cancelReplace", true,
            [
                .. sellLimit.Where(p => p.Name != "newClientOrderId"), new("cancelReplaceMode", "STOP_ON_FAILURE", Kind.Enum, true),
                new("cancelOrderId", restingId, Kind.Integer, true),
            ]),
        ];
    }

    /// <summary>One request with exactly one defect; the codes a correct server may answer it with.</summary>
    private static (string Description, HttpRequestMessage Request, HashSet<int> Expected) Mutate(Endpoint endpoint, Random random, string apiKey, string secret)
    {
        var pairs = endpoint.Params.Select(p => (p.Name, p.Value)).ToList();
        HashSet<int> expected;
        string description;
        var signatureDefect = endpoint.Signed && random.Next(8) == 0;
        var target = endpoint.Params[random.Next(endpoint.Params.Length)];
        var index = pairs.FindIndex(p => p.Name == target.Name);
        switch (random.Next(signatureDefect ? 1 : 5))
        {
            case 0 when signatureDefect:
                description = "signature";
                expected = [];
                break;
            case 0 when target.Mandatory:
                pairs.RemoveAt(index);
                description = $"missing {target.Name}";
                expected = [-1102, -1013, -1014, -1106];
                break;
            case 1:
                pairs.Insert(random.Next(pairs.Count + 1), (Pick(random, ["foo", "SYMBOL", "quantity2", "sïde", "a b"]), "1"));
                description = "unknown parameter";
                expected = [-1104, -1103, -1100, -1106];
                break;
            case 2:
                pairs.Insert(random.Next(pairs.Count + 1), (target.Name, target.Value));
                description = $"duplicate {target.Name}";
                expected = [-1101];
                break;
            default:
                var bad = BadValue(target, random);
                pairs[index] = (target.Name, bad);
                description = $"{target.Name}={bad}";
                expected = target.Kind switch
                {
                    Kind.Symbol => [-1100, -1121, -1102, -1105],
                    Kind.Enum => [-1100, -1102, -1105, -1115, -1116, -1117, -1120, -1130],
                    Kind.Decimal => [-1100, -1111, -1013, -1102, -1105],
                    Kind.Integer => [-1100, -1102, -1105, -1130, -2011, -2013, -1021],
                    // A client order id that could never have been issued is simply not found, as on Binance.
                    Kind.ClientId when target.Name.StartsWith("orig", StringComparison.Ordinal) => [-1100, -2011, -2013],
                    _ => [-1100, -1102, -1105, -1130],
                };
                break;
        }

        var query = string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        if (!endpoint.Signed)
        {
            return (description, new HttpRequestMessage(endpoint.Method, $"{endpoint.Path}?{query}"), expected);
        }

        var key = apiKey;
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sign = true;
        if (signatureDefect)
        {
            switch (random.Next(6))
            {
                case 0:
                    sign = false;
                    expected = [-1022];
                    description = "flipped signature";
                    break;
                case 1:
                    key = "unknownkey" + random.Next();
                    expected = [-2015, -2014];
                    description = "unknown key";
                    break;
                case 2:
                    key = "";
                    expected = [-2014, -2015, -1102];
                    description = "empty key";
                    break;
                case 3:
                    timestamp -= 70_000;
                    expected = [-1021];
                    description = "stale timestamp";
                    break;
                case 4:
                    timestamp += 10_000;
                    expected = [-1021];
                    description = "future timestamp";
                    break;
                default:
                    key = "bad key!";
                    expected = [-2014, -2015];
                    description = "malformed key";
                    break;
            }
        }

        var payload = $"{query}&timestamp={timestamp}".TrimStart('&');
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));
        if (!sign)
        {
            signature = (signature[0] == 'a' ? "b" : "a") + signature[1..];
        }

        var signed = $"{payload}&signature={signature}";
        var inBody = endpoint.Method == HttpMethod.Post && random.Next(2) == 0;
        var request = inBody
            ? new HttpRequestMessage(endpoint.Method, endpoint.Path) { Content = new StringContent(signed, Encoding.UTF8, "application/x-www-form-urlencoded") }
            : new HttpRequestMessage(endpoint.Method, $"{endpoint.Path}?{signed}");
        request.Headers.TryAddWithoutValidation("X-MBX-APIKEY", key);
        return (description, request, expected);
    }

    private static string BadValue(Param target, Random random) => target.Kind switch
    {
        Kind.Symbol => Pick(random, BadSymbols),
        Kind.Decimal => Pick(random, BadDecimals),
        Kind.Integer => Pick(random, BadIntegers),
        Kind.Enum => Pick(random, BadEnums),
        Kind.ClientId => Pick(random, ["has space", "ünïcode", new string('x', 37), "a;b", "\u0000", "🙂"]),
        _ => Pick(random, ["maybe", "TRUE1", "🙂", "2", new string('t', 500)]),
    };

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static async Task<string?> Check(HttpClient http, HttpRequestMessage request, HashSet<int> expected)
    {
        var response = await http.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status is < 400 or >= 500)
        {
            return $"HTTP {status}: {text}";
        }

        JsonElement body;
        try
        {
            body = JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException)
        {
            return $"HTTP {status} without a JSON body: {text}";
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("code", out var codeElement) || !body.TryGetProperty("msg", out _))
        {
            return $"HTTP {status} without {{code,msg}}: {text}";
        }

        var code = codeElement.GetInt32();
        if (!InputErrorCodes.Contains(code) || (expected.Count > 0 && !expected.Contains(code)))
        {
            return $"code {code} (expected one of {string.Join(',', expected)}): {text}";
        }

        return status == BinanceStatus(code) ? null : $"HTTP {status} for code {code}";
    }

    private static int BinanceStatus(int code) => code is -2014 or -2015 ? 401 : 400;

    /// <summary>Requests broken below the parameter level: encodings, bodies, sizes, methods.</summary>
    private static IEnumerable<(string Description, HttpRequestMessage Request)> RawGarbage(string apiKey)
    {
        HttpRequestMessage Keyed(HttpRequestMessage request)
        {
            request.Headers.TryAddWithoutValidation("X-MBX-APIKEY", apiKey);
            return request;
        }

        string[] paths = ["/api/v3/order", "/api/v3/depth", "/api/v3/account", "/api/v3/klines", "/api/v3/openOrders", "/api/v3/order/cancelReplace"];
        foreach (var path in paths)
        {
            yield return ("bad percent-encoding", Keyed(new HttpRequestMessage(HttpMethod.Get, path + "?symbol=%zz&timestamp=1")));
            yield return ("invalid UTF-8", Keyed(new HttpRequestMessage(HttpMethod.Get, path + "?symbol=%FF%FE&timestamp=%C3%28")));
            yield return ("huge query", Keyed(new HttpRequestMessage(HttpMethod.Get, path + "?symbol=" + new string('A', 6_000))));
            yield return ("many parameters", Keyed(new HttpRequestMessage(HttpMethod.Get,
                path + "?" + string.Join('&', Enumerable.Range(0, 200).Select(i => $"p{i}=1")))));
            yield return ("JSON body", Keyed(new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new StringContent("{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\"}", Encoding.UTF8, "application/json"),
            }));
            yield return ("binary body", Keyed(new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new ByteArrayContent([0xFF, 0x00, 0xC3, 0x28, 0x26, 0x3D, 0x3D]) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } },
            }));
            yield return ("large body", Keyed(new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new StringContent("symbol=" + new string('B', 2_000_000), Encoding.UTF8, "application/x-www-form-urlencoded"),
            }));
            yield return ("empty names", Keyed(new HttpRequestMessage(HttpMethod.Delete, path + "?=&&=1&symbol")));
        }

        yield return ("no key on a signed endpoint", new HttpRequestMessage(HttpMethod.Get, "/api/v3/account?timestamp=1&signature=00"));
        yield return ("method not allowed", new HttpRequestMessage(HttpMethod.Put, "/api/v3/order?symbol=BTCUSDT"));
    }

    /// <summary>Everything a bad request could have changed, as comparable text.</summary>
    private static async Task<string> Snapshot(HttpClient http, BinanceClient alice, BinanceClient bob)
    {
        var text = new StringBuilder();
        foreach (var client in new[] { alice, bob })
        {
            var (_, account) = await client.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
            text.AppendLine(account.GetProperty("balances").GetRawText());
            var (_, open) = await client.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "");
            text.AppendLine(open.GetRawText());
            foreach (var symbol in new[] { "BTCUSDT", "ETHUSDT", "ETHBTC" })
            {
                var (_, orders) = await client.SignedAsync(HttpMethod.Get, "/api/v3/allOrders", $"symbol={symbol}");
                text.AppendLine(orders.GetRawText());
            }
        }

        foreach (var symbol in new[] { "BTCUSDT", "ETHUSDT", "LTCUSDT", "SOLUSDT", "ETHBTC" })
        {
            var depth = await http.GetFromJsonAsync<JsonElement>($"/api/v3/depth?symbol={symbol}&limit=1000");
            text.AppendLine(depth.GetRawText());
            text.AppendLine((await http.GetFromJsonAsync<JsonElement>($"/api/v3/trades?symbol={symbol}")).GetRawText());
        }

        return text.ToString();
    }

}
