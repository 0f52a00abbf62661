using Bourse.Api.Binance;
using Bourse.Server.ApiKeys;
using Bourse.Server.Http;
using Bourse.Server.OpenApi;

namespace Bourse.Server.UserData;

/// <summary>
/// The user data endpoints: the listenKey REST flow (<c>/api/v3/userDataStream</c>, API-key header only, no
/// signature), its stream <c>/ws/&lt;listenKey&gt;</c>, and the WebSocket API <c>/ws-api/v3</c>.
/// </summary>
public static class UserDataStreamApi
{
    private const string ListenKeyParameter = "listenKey";

    private static readonly BinanceParameter ListenKey =
        BinanceParameter.Required(ListenKeyParameter, BinanceValueType.String, "The listenKey from POST /api/v3/userDataStream.");

    /// <summary>
    /// Constrained so a 60-character alphanumeric path wins over the market streams' catch-all <c>/ws/{**path}</c>.
    /// </summary>
    public const string ListenKeyRoute = "/ws/{listenKey:regex(^[A-Za-z0-9]{{60}}$)}";

    public static IEndpointRouteBuilder MapUserDataStreams(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v3").WithTags("Binance user data");
        api.MapPost("/userDataStream", Open).WithName("OpenUserDataStream").WithSummary("Create or extend the API key's listenKey (USER_STREAM).")
            .BinanceApiKey();
        api.MapPut("/userDataStream", Extend).WithName("KeepAliveUserDataStream").WithSummary("Extend a listenKey by 60 minutes (USER_STREAM).")
            .BinanceApiKey(ListenKey);
        api.MapDelete("/userDataStream", Delete).WithName("CloseUserDataStream").WithSummary("Delete a listenKey (USER_STREAM).")
            .BinanceApiKey(ListenKey);
        app.Map(ListenKeyRoute, ListenKeyStream.HandleAsync).WithName("UserDataStream").WithTags("Binance user data");
        app.Map("/ws-api/v3", WebSocketApiSession.HandleAsync).WithName("WebSocketApi").WithTags("Binance user data");
        return app;
    }

    private static async Task<IResult> Open(HttpRequest request, ApiKeyStore keys, ListenKeys listenKeys)
    {
        var (key, error) = await BinanceRequest.AuthenticateAsync(request.Headers[BinanceRequest.ApiKeyHeader], request.HttpContext.Connection.RemoteIpAddress,
            keys, ApiKeyPermissions.Read, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return BinanceResults.Error(error);
        }

        var listenKey = listenKeys.Open(key!.Key.Key, key.Key.UserId, key.Revoked);
        return Results.Text($$"""{"listenKey":"{{listenKey.Key}}"}""", "application/json");
    }

    private static Task<IResult> Extend(HttpRequest request, ApiKeyStore keys, ListenKeys listenKeys) =>
        WithListenKey(request, keys, (apiKey, listenKey) => listenKeys.Extend(listenKey, apiKey));

    private static Task<IResult> Delete(HttpRequest request, ApiKeyStore keys, ListenKeys listenKeys) =>
        WithListenKey(request, keys, (apiKey, listenKey) => listenKeys.Delete(listenKey, apiKey));

    /// <summary>Checks the API key and the <c>listenKey</c> parameter, then applies <paramref name="change"/>; -1125 if it found no such key.</summary>
    private static async Task<IResult> WithListenKey(HttpRequest request, ApiKeyStore keys, Func<string, string, bool> change)
    {
        var (key, error) = await BinanceRequest.AuthenticateAsync(request.Headers[BinanceRequest.ApiKeyHeader], request.HttpContext.Connection.RemoteIpAddress,
            keys, ApiKeyPermissions.Read, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return BinanceResults.Error(error);
        }

        var (parameters, _, _, readError) = await BinanceRequest.ReadAsync(request).ConfigureAwait(false);
        if (readError is not null)
        {
            return BinanceResults.Error(readError);
        }

        var listenKey = parameters!.RequiredString(ListenKeyParameter);

        // Not a signed endpoint, but clients that sign everything send these; they are harmless here.
        parameters.MarkSignedParametersRead();
        if (parameters.EnsureAllRead() is { } invalid)
        {
            return BinanceResults.Error(invalid);
        }

        return change(key!.Key.Key, listenKey) ? Results.Text("{}", "application/json") : BinanceResults.Error(BinanceErrors.InvalidListenKey);
    }
}
