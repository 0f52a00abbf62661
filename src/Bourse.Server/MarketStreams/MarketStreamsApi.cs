using System.Net.WebSockets;
using Bourse.Api.Binance;
using Microsoft.Extensions.Options;

namespace Bourse.Server.MarketStreams;

/// <summary>
/// Binance's public market streams: raw <c>/ws/&lt;stream&gt;</c> (any path under <c>/ws/</c> opens a connection
/// that can then SUBSCRIBE — CCXT opens <c>/ws/0</c>, <c>/ws/1</c>…) and combined <c>/stream?streams=a/b/c</c>.
/// </summary>
public static class MarketStreamsApi
{
    public static WebApplicationBuilder AddMarketStreams(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MarketStreamOptions>(builder.Configuration.GetSection(MarketStreamOptions.Section));
        builder.Services.AddSingleton<MarketChangeQueue>();
        builder.Services.AddSingleton<StreamTopics>();
        builder.Services.AddSingleton<StreamMetrics>();
        builder.Services.AddSingleton<MarketStreamPublisher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMarketStreams(this IEndpointRouteBuilder app)
    {
        app.Map("/ws/{**path}", RawAsync).WithName("RawMarketStream").WithTags("Binance market streams")
            .WithSummary("One stream named in the path, or any path and then SUBSCRIBE.");
        app.Map("/stream", CombinedAsync).WithName("CombinedMarketStreams").WithTags("Binance market streams")
            .WithSummary("Streams named in ?streams=a/b/c, each message wrapped as {\"stream\",\"data\"}.");
        return app;
    }

    private static Task RawAsync(HttpContext context, string? path) =>
        ServeAsync(context, path, combined: false);

    private static Task CombinedAsync(HttpContext context) =>
        ServeAsync(context, context.Request.Query["streams"].ToString(), combined: true);

    private static async Task ServeAsync(HttpContext context, string? names, bool combined)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(BinanceJson.Serialize(new BinanceError(-1000, "This endpoint is a WebSocket; connect with an Upgrade request.")))
                .ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<MarketStreamOptions>>().Value;
        var topics = services.GetRequiredService<StreamTopics>();

        // Names that are not streams are ignored: the path of a connection that will SUBSCRIBE means nothing.
        var initial = (names ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(topics.Find).OfType<StreamTopic>().Distinct().Take(options.MaxStreamsPerConnection).ToList();

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.PingInterval,
            KeepAliveTimeout = options.PongTimeout,
        }).ConfigureAwait(false);
        using var connection = new StreamConnection(socket, topics, options, services.GetRequiredService<StreamMetrics>(), services.GetRequiredService<TimeProvider>(), combined);
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var abortOnStop = stopping.Register(() => socket.Abort());
        await connection.RunAsync(initial).ConfigureAwait(false);
    }
}
