using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bourse.Faults.Tests.Security;

/// <summary>
/// Stands between a scanner and the server and makes every request one the server will read: an <c>/api/v3</c> GET
/// gets a fresh <c>timestamp</c> and its HMAC-SHA256 <c>signature</c> over the query exactly as the scanner mangled it,
/// and the API key header; anything else passes as it is (the bearer token comes from the scanner). It counts every
/// 5xx the server answers.
/// </summary>
public sealed class ResigningProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _server;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _statuses = new();
    private int _serverErrors;
    private int _signatureRefusals;

    private ResigningProxy(WebApplication app, HttpClient server)
    {
        _app = app;
        _server = server;
    }

    public Uri Address => new(_app.Urls.Single());

    public int ServerErrors => Volatile.Read(ref _serverErrors);

    /// <summary>Answers refusing the signature or the key (-1022, -2014, -2015): the scan would then only have seen those.</summary>
    public int SignatureRefusals => Volatile.Read(ref _signatureRefusals);

    /// <summary>How many answers had each status.</summary>
    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public static async Task<ResigningProxy> StartAsync(Uri server, string apiKey, string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort()}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new ResigningProxy(app, new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) });
        app.Run(context => proxy.ForwardAsync(context, apiKey, secret));
        await app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _server.Dispose();
    }

    private async Task ForwardAsync(HttpContext context, string apiKey, string secret)
    {
        var path = context.Request.Path.Value ?? "/";
        var query = context.Request.QueryString.Value?.TrimStart('?') ?? "";
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path);
        if (path.StartsWith("/api/v3/", StringComparison.Ordinal) && context.Request.Headers.ContainsKey("X-Sign"))
        {
            var kept = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !p.StartsWith("signature=", StringComparison.Ordinal) && !p.StartsWith("timestamp=", StringComparison.Ordinal));
            var payload = string.Join('&', kept.Append($"timestamp={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"));
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));
            request.RequestUri = new Uri($"{path}?{payload}&signature={signature}", UriKind.Relative);
            request.Headers.Add("X-MBX-APIKEY", apiKey);
        }
        else
        {
            request.RequestUri = new Uri(query.Length == 0 ? path : $"{path}?{query}", UriKind.Relative);
            if (context.Request.Headers.Authorization.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
            }
        }

        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        using var response = await _server.SendAsync(request);
        if ((int)response.StatusCode >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }

        _statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        var content = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(content);
        if (text.Contains("\"code\":-1022", StringComparison.Ordinal) || text.Contains("\"code\":-2014", StringComparison.Ordinal)
            || text.Contains("\"code\":-2015", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _signatureRefusals);
        }

        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }

        await context.Response.Body.WriteAsync(content);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
