using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bourse.Server.Tests.Admin;

/// <summary>
/// A seeded bad-input fuzz over the whole admin API ("never a 500, nothing changes"): every endpoint under
/// <c>/api/v1/admin</c> and <c>/api/v1/auth/operator-setup</c>, read from the running server's endpoint data source (so
/// endpoints added later are covered), gets requests each made invalid by construction from a base request by one
/// seeded mutation — malformed JSON, the wrong shape, unknown or duplicate fields, a field of the request record (read
/// from the endpoint's <c>Accepts&lt;T&gt;</c>) set to a wrong type or a bad value, a path parameter replaced by junk,
/// junk query parameters on reads. Every answer must be a 4xx problem with a <c>code</c> (reads: never a 5xx, and a 4xx
/// for a bad value of a parameter they read); afterwards the exchange, the listing, operators, proposals, the operator
/// audit log and a normal user's balances and orders are as they were.
/// </summary>
public sealed class AdminBadInputFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261207;
    private const int RequestsPerChangingEndpoint = 70;
    private const int RequestsPerReadEndpoint = 16;

    /// <summary>A user id, proposal id or tier no record has.</summary>
    private const string MissingId = "987654321";

    private const string MissingName = "ZZNOPE";

    private static readonly string TenK = new('x', 10_000);

    private static readonly string[] WrongTypesForString = ["1", "1.5", "true", "false", "{}", "[]", "[\"x\"]", "-7"];

    private static readonly string[] BadText =
        ["\"\"", "\"   \"", Str(TenK), Str("a\u0000b"), Str("bell\u0007"), Str("\u001b[31mred"), Str("tab\there"), Str("new\nline"), Str("a\u0085b")];

    // No "-1": a negative amount is a debit, which is valid.
    private static readonly string[] BadDecimals =
    [
        Str("1e3"), Str("NaN"), Str("-0"), Str("0.000000000000000001"), Str("１"), Str("abc"), Str("Infinity"), Str("1,5"), Str(" 1"), Str("1 "),
        Str("+1"), Str("1.2.3"), Str("."), Str("0x10"), Str(""), Str("1" + new string('0', 10_000)), Str("١٢"), Str("💰"), Str("--1"), Str("1e-3"),
        "1.5", "1e3", "100", "-0",
    ];

    private static readonly string[] BadEnums =
        [Str("halted"), Str("Trading"), Str("TRADING "), Str("ＴＲＡＤＩＮＧ"), Str("DELISTED"), Str("1"), Str(""), Str("🚀"), Str("TRADING;DROP TABLE"), Str("\u202EGNIDART"), Str(TenK), "1", "true"];

    private static readonly string[] BadCodes =
        [Str(""), Str("zznope"), Str("zz nope"), Str("ZZ-NOPE"), Str("ＺＺ"), Str("ZZ\u0000"), Str(new string('Z', 10_000)), Str("🙂"), Str("A/B"), Str(" ZZ"), Str("ZZ\n"), Str("LTCBTC\n")];

    private static readonly string[] BadEmails =
    [
        Str(""), Str("no-at-sign"), Str("a@"), Str("@example.com"), Str("a b@example.com"), Str("a@b@example.com"), Str(TenK + "@example.com"),
        Str("a\u0000@example.com"), Str("a\u0007@example.com"), Str("a\n@example.com"), Str("\"\"@"), Str("a@example..com"),
    ];

    private static readonly string[] BadBools = ["\"true\"", "\"false\"", "1", "0", "\"yes\"", "[]", "{}", "\"\"", "1.5", "\"TRUE\""];

    // No small non-negative numbers: 0 is a fee tier, a proposal id may be small.
    private static readonly string[] BadIntegers =
    [
        "-1", "1.5", "1e3", "2147483648", "9223372036854775808", "-9223372036854775809", "99999999999999999999999", Str("abc"), Str("１"), "true",
        "[]", "{}", Str("-1"), Str(""), Str("0x1F"), "-0.5", Str(TenK),
    ];

    private static readonly string[] BadStringLists =
    [
        Str("support"), "1", "{}", "[null]", "[1]", "[[]]", "[{}]", "[\"root\"]", "[\"support\",\"root\"]", "[\"\"]", "[\"ｓｕｐｐｏｒｔ\"]",
        "[\"support\\u0000\"]", "[" + Str(TenK) + "]", "[\"support,admin\"]", "[\"supp0rt\"]", "null",
    ];

    private static readonly string[] BadObjectLists = ["{}", Str("x"), "1", "[null]", "[1]", "[\"x\"]", "[[]]", "true", "[{\"fuzzUnknown\":1}]"];

    private static readonly string[] MalformedBodies =
    [
        "{", "{\"a\":", "{'a':1}", "{\"a\":1,}", "nul", "}", "\uFEFF{garbage", "not json", "{\"a\" 1}", "[1,2", "{\"a\":\"\\x\"}", "{\"a\":01}",
        new string('[', 200) + new string(']', 200), "{\"a\":" + new string('[', 40) + new string(']', 40) + "}", "\"unterminated", "{}{}",
    ];

    private static readonly string[] WrongShapes = ["[]", "[{}]", "\"str\"", "1", "-1.5", "null", "true", "[null]"];

    private static readonly string[] UnknownFieldNames = ["fuzzUnknown", "id", "userID", "__proto__", "$type", "Reason2", "ádmin", ""];

    private enum FieldKind
    {
        Text,
        Decimal,
        Enum,
        Code,
        Email,
        Bool,
        Integer,
        StringList,
        ObjectList,
        Object,
    }

    private enum QueryKind
    {
        Integer,
        Enum,
        Text,
    }

    private sealed record Endpoint(string Method, RoutePattern Route, Type? Body)
    {
        public string Key => $"{Method} {Regex.Replace(Route.RawText!, @"\{(\w+)[^}]*\}", "{$1}")}";

        public bool Changes => Method is not ("GET" or "HEAD");
    }

    /// <summary>Ids of the records the base requests aim at.</summary>
    private sealed record Targets(long Alice, long TargetOperator, long OwnProposal, string MakerRate, string TakerRate);

    private sealed record Probe(string Description, string Method, string Path, string? Body, string? ContentType, bool MustRefuse);

    [Fact]
    public async Task Bad_requests_to_every_admin_endpoint_get_problems_and_change_nothing()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Limits:PlatformPerMinute=100000000", "--Bourse:Limits:AuthPerMinutePerIp=100000000",
            "--Bourse:RequestWeightPerMinute=100000000", "--Bourse:OrdersPer10Seconds=1000000", "--Bourse:OrdersPerDay=100000000");
        var admin = await PlatformOperator.SignInAsync(server);
        var http = server.Http;

        // Some state for the base requests to aim at: alice with a resting order, a second operator, a pending proposal
        // of the fuzzing operator's own (approving or rejecting it is refused: four eyes).
        var alice = (await BinanceClient.DemoCredentials(directory.Path)).Single(c => c.User == "alice");
        var aliceClient = new BinanceClient(http, alice.ApiKey, alice.Secret);
        var (placed, _) = await aliceClient.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=150000", inBody: true);
        Assert.Equal(200, placed);
        await server.CreateOperatorAsync("fuzz-target@example.com", ["support"]);
        var targets = await TargetsAsync(admin);

        var endpoints = Endpoints(server.Services);
        Assert.Contains(endpoints, e => e.Key == "POST /api/v1/auth/operator-setup");
        Assert.True(endpoints.Count(e => e.Changes) >= 15, $"only {endpoints.Count(e => e.Changes)} state-changing admin endpoints found");

        var before = await SnapshotAsync(admin, aliceClient, targets);
        var random = new Random(Seed);
        var failures = new List<string>();
        var counts = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        foreach (var endpoint in endpoints)
        {
            var probes = endpoint.Changes
                ? Enumerable.Range(0, RequestsPerChangingEndpoint).Select(_ => MutateChange(endpoint, targets, random)).ToList()
                : Enumerable.Range(0, RequestsPerReadEndpoint).Select(_ => MutateRead(endpoint, targets, random)).ToList();
            foreach (var probe in probes)
            {
                if (await CheckAsync(http, admin.AccessToken, probe, endpoint.Changes) is { } failure)
                {
                    failures.Add($"{probe.Method} {Shorten(probe.Path, 120)} [{probe.Description}] body={Shorten(probe.Body ?? "(none)", 120)}: {failure}");
                }
            }

            sent += probes.Count;
            counts.Add($"{endpoint.Key}: {probes.Count}");
        }

        output.WriteLine($"{sent} requests to {endpoints.Count} endpoints in {started.Elapsed.TotalSeconds:F1} s");
        foreach (var line in counts)
        {
            output.WriteLine(line);
        }

        var after = await SnapshotAsync(admin, aliceClient, targets);
        if (before != after)
        {
            failures.Add("state changed:\n" + Difference(before, after));
        }

        var errors = server.Output.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)).ToList();
        failures.AddRange(errors.Take(10).Select(l => "server logged an error: " + Shorten(l, 400)));
        Assert.True(failures.Count == 0, $"{failures.Count} violations in {sent} bad requests:\n" + string.Join('\n', failures.Take(300)));
        Assert.True(sent > 1_500, $"only {sent} requests were sent");
    }

    /// <summary>Every /api/v1/admin endpoint and the operator-setup endpoint, with the body type its Accepts metadata names.</summary>
    private static List<Endpoint> Endpoints(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw
                && (raw.StartsWith("/api/v1/admin", StringComparison.OrdinalIgnoreCase) || raw.Equals("/api/v1/auth/operator-setup", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new Endpoint(method, e.RoutePattern, e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)))
            .OrderBy(e => e.Key, StringComparer.Ordinal),
    ];

    private static async Task<Targets> TargetsAsync(PlatformOperator admin)
    {
        var found = await admin.Client.GetAsync("/api/v1/admin/users/?q=alice", admin.AccessToken);
        Assert.True(found.Status == HttpStatusCode.OK, found.Text);
        var aliceId = found.Json!.Value.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("email").GetString()!.StartsWith("alice@", StringComparison.Ordinal))
            .GetProperty("userId").GetInt64();
        var operators = await admin.Client.GetAsync("/api/v1/admin/operators", admin.AccessToken);
        var target = operators.Json!.Value.EnumerateArray().Single(o => o.GetProperty("email").GetString() == "fuzz-target@example.com").GetProperty("userId").GetInt64();
        var proposed = await admin.Client.PostAsync("/api/v1/admin/adjustments",
            new { userId = aliceId, asset = "USDT", amount = "1", reason = "fuzz: the operator's own", reference = "fuzz-own" }, admin.AccessToken);
        Assert.True(proposed.Status == HttpStatusCode.Created, proposed.Text);
        var tiers = await admin.Client.GetAsync("/api/v1/admin/fee-tiers", admin.AccessToken);
        var tier0 = tiers.Json!.Value.EnumerateArray().Single(t => t.GetProperty("tier").GetInt32() == 0);
        return new Targets(aliceId, target, proposed.Json!.Value.GetProperty("id").GetInt64(), tier0.GetProperty("makerRate").GetString()!,
            tier0.GetProperty("takerRate").GetString()!);
    }

    /// <summary>
    /// Path parameters of the base request: a record the body is aimed at where the body is mandatory and validated
    /// (so a bad body is refused by validation, not by a lookup), otherwise a record that does not exist.
    /// </summary>
    private static string BaseParameter(Endpoint endpoint, RoutePatternParameterPart parameter, Targets t) => endpoint.Key switch
    {
        "PUT /api/v1/admin/operators/{userId}/roles" => Id(t.TargetOperator),
        "PUT /api/v1/admin/users/{userId}/restrictions" or "PUT /api/v1/admin/users/{userId}/fee-tier" or "GET /api/v1/admin/users/{userId}" => Id(t.Alice),
        "POST /api/v1/admin/adjustments/{id}/reject" => Id(t.OwnProposal),
        "PUT /api/v1/admin/assets/{code}" => "BTC",
        "PUT /api/v1/admin/markets/{symbol}" or "PUT /api/v1/admin/markets/{symbol}/status" => "BTCUSDT",
        "PUT /api/v1/admin/fee-tiers/{tier}" => "0",
        _ => Numeric(parameter) ? MissingId : MissingName,
    };

    /// <summary>Path values that name something real but must still be refused (four eyes, not an operator).</summary>
    private static string[] RefusedParameters(Endpoint endpoint, Targets t) => endpoint.Key switch
    {
        "POST /api/v1/admin/adjustments/{id}/approve" => [Id(t.OwnProposal)],
        "POST /api/v1/admin/operators/{userId}/disable" => [Id(t.Alice)],
        _ => [],
    };

    private static string[] JunkParameters(RoutePatternParameterPart parameter)
    {
        string[] junk =
        [
            "abc", "-1", "9223372036854775808", MissingId, "%00", new string('7', 3_000), "1.5", "%20", "..%2F..", "1%0A", Uri.EscapeDataString("🙂"),
            "%FF%FE", "1e3", MissingName,
        ];
        return parameter.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase) ? [.. junk, "0"] : junk;
    }

    /// <summary>The base body: a plausible request of the endpoint's shape (valid, or refused only for its target).</summary>
    private static string? BaseBody(Endpoint endpoint, Targets t) => endpoint.Key switch
    {
        "POST /api/v1/admin/operators" => """{"email":"fuzz-new@example.com","roles":["support"]}""",
        "PUT /api/v1/admin/operators/{userId}/roles" => """{"roles":["support"]}""",
        "POST /api/v1/auth/operator-setup" => """{"token":"fuzz-not-a-token","password":"correct horse battery staple"}""",
        "PUT /api/v1/admin/users/{userId}/two-factor-required" => """{"required":false}""",
        "PUT /api/v1/admin/users/{userId}/restrictions" => """{"trading":false,"withdrawals":false,"login":false,"reason":"fuzz"}""",
        "POST /api/v1/admin/users/{userId}/sessions/revoke" => """{"sessionId":"fuzz-no-such-session"}""",
        "POST /api/v1/admin/users/{userId}/api-keys/revoke" => """{"keyId":"fuzz-no-such-key"}""",
        "POST /api/v1/admin/adjustments/" or "POST /api/v1/admin/adjustments" =>
            $$"""{"userId":{{t.Alice}},"asset":"USDT","amount":"1","reason":"fuzz","reference":"fuzz-ref-new"}""",
        "POST /api/v1/admin/adjustments/{id}/reject" => """{"reason":"fuzz"}""",
        "POST /api/v1/admin/assets" => """{"code":"FUZZ","name":"Fuzz","scale":8,"depositsEnabled":true,"withdrawalsEnabled":true}""",
        "PUT /api/v1/admin/assets/{code}" => """{"name":"Fuzz Coin"}""",
        "POST /api/v1/admin/markets" => NewMarket,
        "PUT /api/v1/admin/markets/{symbol}" => "{}",
        "PUT /api/v1/admin/markets/{symbol}/status" => """{"status":"TRADING","reason":"fuzz"}""",
        "POST /api/v1/admin/markets/{symbol}/delist" => """{"reason":"fuzz"}""",
        "PUT /api/v1/admin/fee-tiers/{tier}" => $$"""{"makerRate":"{{t.MakerRate}}","takerRate":"{{t.TakerRate}}"}""",
        "PUT /api/v1/admin/users/{userId}/fee-tier" => """{"tier":0}""",
        "POST /api/v1/admin/listing/plan" or "POST /api/v1/admin/listing/apply" =>
            $$"""{"assets":[{"code":"FUZZ","name":"Fuzz","scale":8}],"markets":[{{NewMarket}}],"feeTiers":[{"tier":7,"makerRate":"0.001","takerRate":"0.002"}]}""",
        _ => endpoint.Body is { } type ? Default(type, 0).ToJsonString() : null,
    };

    private const string NewMarket =
        """{"symbol":"LTCBTC","baseAsset":"LTC","quoteAsset":"BTC","tickSize":"0.000001","lotSize":"0.001","minQuantity":"0.001","maxQuantity":"1000","minNotional":"0.0001"}""";

    /// <summary>A request record's default JSON, by reflection (for endpoints this test has no base body for).</summary>
    private static JsonNode Default(Type type, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return JsonValue.Create("x");
        }

        if (underlying == typeof(bool))
        {
            return JsonValue.Create(false);
        }

        if (underlying.IsPrimitive || underlying == typeof(decimal))
        {
            return JsonValue.Create(1);
        }

        if (ElementType(underlying) is not null || depth > 3)
        {
            return new JsonArray();
        }

        var node = new JsonObject();
        foreach (var property in Properties(underlying))
        {
            node[property.Name] = Default(property.Type, depth + 1);
        }

        return node;
    }

    private static (string Name, Type Type)[] Properties(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || p.SetMethod is not null || type.GetConstructors().Any(c => c.GetParameters().Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType)),
    ];

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static FieldKind KindOf(string name, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(bool))
        {
            return FieldKind.Bool;
        }

        if (underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(short))
        {
            return FieldKind.Integer;
        }

        if (ElementType(underlying) is { } element)
        {
            return element == typeof(string) ? FieldKind.StringList : FieldKind.ObjectList;
        }

        if (underlying != typeof(string))
        {
            return FieldKind.Object;
        }

        return name switch
        {
            _ when Regex.IsMatch(name, "rate|size|quantity|notional|price|band|amount", RegexOptions.IgnoreCase) => FieldKind.Decimal,
            _ when name.Contains("email", StringComparison.OrdinalIgnoreCase) => FieldKind.Email,
            "status" or "side" or "type" => FieldKind.Enum,
            "code" or "symbol" or "asset" or "baseAsset" or "quoteAsset" => FieldKind.Code,
            _ => FieldKind.Text,
        };
    }

    private static string[] BadValues(FieldKind kind) => kind switch
    {
        FieldKind.Text => [.. BadText, .. WrongTypesForString],
        FieldKind.Decimal => BadDecimals,
        FieldKind.Enum => BadEnums,
        FieldKind.Code => [.. BadCodes, .. WrongTypesForString],
        FieldKind.Email => [.. BadEmails, .. WrongTypesForString],
        FieldKind.Bool => BadBools,
        FieldKind.Integer => BadIntegers,
        FieldKind.StringList => BadStringLists,
        FieldKind.ObjectList => BadObjectLists,
        _ => ["1", "\"x\"", "[]", "true"],
    };

    /// <summary>One request to a state-changing endpoint with exactly one defect.</summary>
    private static Probe MutateChange(Endpoint endpoint, Targets t, Random random)
    {
        var parameters = endpoint.Route.Parameters;
        var basePath = Path(endpoint, t, null, null);
        var baseBody = BaseBody(endpoint, t);
        var roll = random.Next(100);
        if (parameters.Count > 0 && (roll < 18 || (baseBody is null && roll < 70)))
        {
            var parameter = parameters[random.Next(parameters.Count)];
            var values = RefusedParameters(endpoint, t).Concat(JunkParameters(parameter)).ToArray();
            var value = Pick(random, values);
            return new(Shorten($"path {parameter.Name}={value}", 60), endpoint.Method, Path(endpoint, t, parameter.Name, value), baseBody, Json, true);
        }

        if (baseBody is null)
        {
            // No body and no path parameter: nothing to break but the body (which the endpoint ignores).
            return new("garbage body", endpoint.Method, basePath, Pick(random, [.. MalformedBodies, .. WrongShapes]), Json, true);
        }

        roll = random.Next(100);
        if (roll < 12)
        {
            var body = Pick(random, MalformedBodies);
            return new("malformed JSON", endpoint.Method, basePath, body, Json, true);
        }

        if (roll < 22)
        {
            return new("wrong shape", endpoint.Method, basePath, Pick(random, [.. WrongShapes, $"[{baseBody}]", Str(baseBody)]), Json, true);
        }

        if (roll < 25)
        {
            var large = $"{{\"reason\":\"{new string('r', PlatformJsonMaxBytes + 10)}\"}}";
            return new("body beyond 16 KiB", endpoint.Method, basePath, large, Json, true);
        }

        if (roll < 27)
        {
            // The base body without its closing brace: a truncated upload.
            return new("truncated", endpoint.Method, basePath, baseBody[..(baseBody.Length - 1)], Json, true);
        }

        var node = JsonNode.Parse(baseBody)!.AsObject();
        if (roll < 37)
        {
            var name = Pick(random, UnknownFieldNames);
            if (node.ContainsKey(name) || Properties(endpoint.Body ?? typeof(object)).Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                name = "fuzzUnknown";
            }

            var withUnknown = Insert(node.ToJsonString(), $"\"{name}\":{Pick(random, ["1", "\"x\"", "null", "{}", "[]"])}");
            return new($"unknown field '{name}'", endpoint.Method, basePath, withUnknown, Json, true);
        }

        if (roll < 42 && node.Count > 0)
        {
            var (name, value) = node.ElementAt(random.Next(node.Count));
            var duplicate = Insert(node.ToJsonString(), $"\"{name}\":{value?.ToJsonString() ?? "null"}");
            return new($"duplicate '{name}'", endpoint.Method, basePath, duplicate, Json, true);
        }

        var fields = Properties(endpoint.Body ?? typeof(object));
        if (fields.Length == 0)
        {
            return new("wrong shape", endpoint.Method, basePath, Pick(random, WrongShapes), Json, true);
        }

        var (description, mutated) = MutateField(node, fields, random, 0);
        return new(description, endpoint.Method, basePath, mutated.ToJsonString(), Json, true);
    }

    /// <summary>One field of <paramref name="node"/> (recursing into lists of records) set to a bad value.</summary>
    private static (string Description, JsonObject Node) MutateField(JsonObject node, (string Name, Type Type)[] fields, Random random, int depth)
    {
        var (name, type) = fields[random.Next(fields.Length)];
        var kind = KindOf(name, type);
        if (kind == FieldKind.ObjectList && depth < 2 && random.Next(2) == 0 && ElementType(Nullable.GetUnderlyingType(type) ?? type) is { } element
            && Properties(element) is { Length: > 0 } inner)
        {
            var list = node[name] as JsonArray;
            var first = list is { Count: > 0 } && list[0] is JsonObject existing ? existing : Default(element, depth + 1).AsObject();
            var (description, mutated) = MutateField(JsonNode.Parse(first.ToJsonString())!.AsObject(), inner, random, depth + 1);
            var replaced = new JsonArray();
            replaced.Add(mutated);
            if (list is not null)
            {
                foreach (var rest in list.Skip(1))
                {
                    replaced.Add(rest?.DeepClone());
                }
            }

            node[name] = replaced;
            return ($"{name}[0].{description}", node);
        }

        var bad = Pick(random, BadValues(kind));
        node[name] = JsonNode.Parse(bad);
        return ($"{name}={Shorten(bad, 40)}", node);
    }

    private const int PlatformJsonMaxBytes = 16 * 1024;

    /// <summary>One read with a bad query parameter, junk parameters, or a junk path parameter.</summary>
    private static Probe MutateRead(Endpoint endpoint, Targets t, Random random)
    {
        var parameters = endpoint.Route.Parameters;
        if (parameters.Count > 0 && random.Next(3) == 0)
        {
            var parameter = parameters[random.Next(parameters.Count)];
            var value = Pick(random, JunkParameters(parameter));
            return new($"path {Shorten(value, 40)}", "GET", Path(endpoint, t, parameter.Name, value), null, null, true);
        }

        var path = Path(endpoint, t, null, null);
        var known = QueryParameters(endpoint);
        if (known.Length > 0 && random.Next(3) != 0)
        {
            var (name, kind) = known[random.Next(known.Length)];
            string[] values = kind switch
            {
                QueryKind.Integer => ["abc", "-1", "1.5", "1e3", "9223372036854775808", "１", "", "0x1F", "💥", "99999999999999999999", new string('9', 5_000)],
                QueryKind.Enum => ["PENDING", "All", "", "x", "pending ", "🙂", "pending;all", new string('p', 5_000)],
                _ => [new string('q', 10_000), "\u0000", "%", "\u202E", "a'b\"c", "\\", "_%_"],
            };
            var value = Pick(random, values);
            var mustRefuse = kind != QueryKind.Text || value.Length > 128;
            if (random.Next(4) == 0 && kind != QueryKind.Text)
            {
                return new($"{name} twice", "GET", $"{path}?{name}=1&{name}=2", null, null, true);
            }

            return new($"{name}={Shorten(value, 40)}", "GET", $"{path}?{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}", null, null, mustRefuse);
        }

        string[] junk = ["foo=1", "limit=abc&limit=-5", "before=%zz", "%00=%00", "q=%FF%FE", "=&&=1", string.Join('&', Enumerable.Range(0, 150).Select(i => $"p{i}=1")),
            "status=" + new string('s', 3_000), "a[b]=1", "userId=🙂"];
        return new("junk query", "GET", $"{path}?{Pick(random, junk)}", null, null, false);
    }

    private static (string Name, QueryKind Kind)[] QueryParameters(Endpoint endpoint) => endpoint.Key switch
    {
        "GET /api/v1/admin/operator-audit" =>
            [("operatorId", QueryKind.Integer), ("before", QueryKind.Integer), ("limit", QueryKind.Integer), ("action", QueryKind.Text), ("targetType", QueryKind.Text), ("targetId", QueryKind.Text)],
        "GET /api/v1/admin/audit" => [("userId", QueryKind.Integer), ("before", QueryKind.Integer), ("limit", QueryKind.Integer), ("type", QueryKind.Text)],
        "GET /api/v1/admin/users/" => [("q", QueryKind.Text), ("limit", QueryKind.Integer), ("before", QueryKind.Integer)],
        "GET /api/v1/admin/adjustments/" => [("status", QueryKind.Enum)],
        _ => [],
    };

    private static string Path(Endpoint endpoint, Targets t, string? junkName, string? junkValue)
    {
        var path = endpoint.Route.RawText!;
        foreach (var parameter in endpoint.Route.Parameters)
        {
            var value = parameter.Name == junkName ? junkValue! : BaseParameter(endpoint, parameter, t);
            path = Regex.Replace(path, $@"\{{{parameter.Name}[^}}]*\}}", value.Replace("$", "$$", StringComparison.Ordinal));
        }

        return path;
    }

    private static bool Numeric(RoutePatternParameterPart parameter) => parameter.ParameterPolicies.Any(p => p.Content is "long" or "int");

    /// <summary>The answer's defect, or null when it is a 4xx problem with a code (reads: no 5xx, a problem when refused).</summary>
    private static async Task<string?> CheckAsync(HttpClient http, string accessToken, Probe probe, bool changes)
    {
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Path);
        if (probe.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(probe.Body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(probe.ContentType ?? Json);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            return $"no answer: {e.Message}";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                return $"HTTP {status}: {Shorten(text, 300)}";
            }

            if (status < 400)
            {
                if (changes || probe.MustRefuse)
                {
                    return $"HTTP {status} (accepted): {Shorten(text, 200)}";
                }

                return null;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (KestrelRefusal(probe, status, mediaType, text))
            {
                return null;
            }

            if (mediaType != "application/problem+json")
            {
                return $"HTTP {status} with {(mediaType ?? "no content type")}, not a problem: '{Shorten(text, 120)}'";
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code)
                    && code.ValueKind == JsonValueKind.String && code.GetString() is { Length: > 0 }
                    ? null
                    : $"HTTP {status} problem without a code: {Shorten(text, 200)}";
            }
            catch (JsonException)
            {
                return $"HTTP {status} problem that is not JSON: {Shorten(text, 200)}";
            }
        }
    }

    /// <summary>
    /// A request line Kestrel itself refuses before any middleware runs (a NUL in the path, a URL beyond its limit):
    /// an empty 400/414 the application cannot turn into a problem. Still a 4xx, so still checked for that.
    /// </summary>
    private static bool KestrelRefusal(Probe probe, int status, string? mediaType, string text) =>
        mediaType is null && text.Length == 0
        && ((status == 400 && probe.Path.Contains("%00", StringComparison.Ordinal)) || (status is 414 or 431 && probe.Path.Length > 8_000));

    /// <summary>Everything a bad admin request could have changed, as comparable text.</summary>
    private static async Task<string> SnapshotAsync(PlatformOperator admin, BinanceClient alice, Targets t)
    {
        var text = new StringBuilder();
        async Task<JsonElement> Read(string path)
        {
            var response = await admin.Client.GetAsync(path, admin.AccessToken);
            Assert.True(response.Status == HttpStatusCode.OK, $"{path}: {(int)response.Status} {response.Text}");
            return response.Json!.Value;
        }

        foreach (var path in new[]
        {
            "/api/v1/admin/reconciliation", "/api/v1/admin/assets", "/api/v1/admin/markets", "/api/v1/admin/fee-tiers", "/api/v1/admin/operators",
            "/api/v1/admin/adjustments/?status=all",
        })
        {
            text.Append(path).Append(": ").AppendLine((await Read(path)).GetRawText());
        }

        var exchangeInfo = JsonNode.Parse(await admin.Client.Http.GetStringAsync("/api/v3/exchangeInfo"))!.AsObject();
        exchangeInfo.Remove("serverTime");
        text.Append("exchangeInfo: ").AppendLine(exchangeInfo.ToJsonString());

        var verify = await Read("/api/v1/admin/operator-audit/verify");
        text.Append("operator audit: ").Append(verify.GetProperty("entries").GetRawText()).Append(" entries, intact ")
            .AppendLine(verify.GetProperty("intact").GetRawText());
        var dashboard = await Read("/api/v1/admin/dashboard");
        text.Append("dashboard users ").Append(dashboard.GetProperty("users").GetRawText()).Append(", pending ")
            .AppendLine(dashboard.GetProperty("pendingProposals").GetRawText());

        var page = await Read($"/api/v1/admin/users/{t.Alice}");
        foreach (var part in new[] { "profile", "restrictions", "apiKeys" })
        {
            text.Append("alice ").Append(part).Append(": ").AppendLine(page.GetProperty(part).GetRawText());
        }

        text.Append("alice sessions: ").AppendLine(string.Join(',', page.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString())));
        var target = await Read($"/api/v1/admin/users/{t.TargetOperator}");
        text.Append("target operator: ").Append(target.GetProperty("profile").GetRawText()).AppendLine(target.GetProperty("restrictions").GetRawText());

        var (_, account) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        text.Append("alice balances: ").AppendLine(account.GetProperty("balances").GetRawText());
        text.Append("alice can trade: ").AppendLine(account.GetProperty("canTrade").GetRawText());
        var (_, open) = await alice.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "");
        text.Append("alice open orders: ").AppendLine(open.GetRawText());
        return text.ToString();
    }

    private static string Difference(string before, string after)
    {
        var old = before.Split('\n');
        var now = after.Split('\n');
        return string.Join('\n', Enumerable.Range(0, Math.Max(old.Length, now.Length))
            .Where(i => i >= old.Length || i >= now.Length || old[i] != now[i])
            .Select(i => $"  before: {Shorten(i < old.Length ? old[i] : "(none)", 600)}\n  after:  {Shorten(i < now.Length ? now[i] : "(none)", 600)}"));
    }

    private const string Json = "application/json";

    private static string Insert(string objectJson, string member) =>
        objectJson == "{}" ? $"{{{member}}}" : $"{{{member},{objectJson[1..]}";

    private static string Str(string value) => JsonSerializer.Serialize(value);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Shorten(string text, int length)
    {
        var flat = text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
        return flat.Length <= length ? flat : flat[..length] + $"…({flat.Length} chars)";
    }
}
