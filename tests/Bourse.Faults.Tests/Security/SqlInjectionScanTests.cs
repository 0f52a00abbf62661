using System.Diagnostics;
using System.Text.Json;
using Bourse.Server.Tests;

namespace Bourse.Faults.Tests.Security;

/// <summary>
/// sqlmap (Debian's package; test.sh installs it) against the main parameter surfaces of /api/v1 (bearer token) and
/// /api/v3 (signed requests, re-signed by <see cref="ResigningProxy"/> after sqlmap mangles them), on the SQLite store:
/// it must find no injection, and the server must answer none of its requests with a 5xx.
/// </summary>
public class SqlInjectionScanTests
{
    public static TheoryData<string, int, string[]> Surfaces => new()
    {
        { "allOrders", 200, ["-u", "{proxy}/api/v3/allOrders?symbol=BTCUSDT&orderId=1&limit=10", "--headers=X-Sign: 1"] },
        { "myTrades", 200, ["-u", "{proxy}/api/v3/myTrades?symbol=BTCUSDT&fromId=1&limit=10", "--headers=X-Sign: 1"] },
        { "order", 400, ["-u", "{proxy}/api/v3/order?symbol=BTCUSDT&origClientOrderId=abc", "--headers=X-Sign: 1"] },
        { "klines", 200, ["-u", "{proxy}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=0&limit=10"] },
        { "orders history", 200, ["-u", "{proxy}/api/v1/orders/history?symbol=BTCUSDT&limit=10", "--headers=Authorization: Bearer {token}"] },
        { "wallet history", 200, ["-u", "{proxy}/api/v1/wallet/history?kind=deposit&asset=BTC&limit=10", "--headers=Authorization: Bearer {token}"] },
        { "convert lookup", 404, ["-u", "{proxy}/api/v1/convert/abc*", "--headers=Authorization: Bearer {token}"] },
        {
            "transfer", 404, ["-u", "{proxy}/api/v1/transfers", "--data={\"toEmail\":\"nobody@example.com\",\"asset\":\"USDT\",\"amount\":\"1\",\"clientReference\":\"scan-1\"}",
                "--headers=Authorization: Bearer {token}"]
        },
        { "sign-in", 401, ["-u", "{proxy}/api/v1/auth/login", "--data={\"email\":\"nobody@example.com\",\"password\":\"not the password\"}"] },
    };

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Sqlmap_finds_no_injection_in(string surface, int baseline, string[] target)
    {
        var sqlmap = new[] { "/usr/bin/sqlmap", "/usr/local/bin/sqlmap" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("sqlmap is not installed: apt-get install sqlmap (test.sh does).");
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Limits:AuthPerMinutePerIp=10000000", "--Bourse:Limits:PlatformPerMinute=10000000", "--Bourse:RequestWeightPerMinute=100000000");
        var alice = (await BinanceClient.DemoCredentials(directory.Path)).Single(c => c.User == "alice");
        var accounts = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(directory.Path, "demo-accounts.json")));
        var account = accounts.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "alice");
        var token = (await new PlatformClient(server.Http).LoginAsync(account.GetProperty("email").GetString()!, account.GetProperty("password").GetString()!))
            .AccessToken;
        await using var proxy = await ResigningProxy.StartAsync(server.BaseAddress, alice.ApiKey, alice.Secret);

        var proxyAddress = proxy.Address.ToString().TrimEnd('/');
        string[] arguments =
        [
            .. target.Select(a => a.Replace("{proxy}", proxyAddress, StringComparison.Ordinal).Replace("{token}", token, StringComparison.Ordinal)),
            // A refusal (404, 401) is what the unmangled request gets here: sqlmap must compare against it, not stop.
            .. (baseline == 200 ? Array.Empty<string>() : [$"--ignore-code={baseline}"]),
            "--batch", "--flush-session", "--disable-coloring", "--level=1", "--risk=1", "--dbms=SQLite", "--threads=2", "--time-sec=2",
            $"--output-dir={Path.Combine(directory.Path, "sqlmap")}",
        ];
        var info = new ProcessStartInfo(sqlmap, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        var text = await output + await errors;

        var tail = text.Length > 3000 ? text[^3000..] : text;
        Assert.False(text.Contains("identified the following injection point", StringComparison.Ordinal), $"{surface}: injectable\n{text}");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, "(do not appear to be injectable|does not seem to be injectable)"),
            $"{surface}: sqlmap did not finish its tests\n{tail}");
        Assert.True(proxy.ServerErrors == 0, $"{surface}: {proxy.ServerErrors} answers were 5xx\n{text}");

        // The server read the scan's requests as requests (not as bad signatures): the unmangled one got its usual answer.
        Assert.True(proxy.SignatureRefusals == 0, $"{surface}: {proxy.SignatureRefusals} answers refused the signature or key\n{text}");
        Assert.True(proxy.Statuses.ContainsKey(baseline),
            $"{surface}: never answered {baseline}, only {string.Join(", ", proxy.Statuses.Select(s => $"{s.Key}×{s.Value}"))}\n{text}");
    }
}
