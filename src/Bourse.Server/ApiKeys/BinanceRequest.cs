using System.Net;
using Bourse.Api.Binance;
using Microsoft.Extensions.Primitives;

namespace Bourse.Server.ApiKeys;

/// <summary>
/// Reads a Binance request: the raw query string and raw form body (signatures are checked against the bytes as sent,
/// never re-sorted), the parameters (the query wins over the body), and for signed endpoints the API key, the HMAC
/// signature and the recvWindow.
/// </summary>
public static class BinanceRequest
{
    public const string ApiKeyHeader = "X-MBX-APIKEY";

    public static async Task<(ParameterReader? Parameters, string? RawQuery, string? RawBody, BinanceError? Error)> ReadAsync(HttpRequest request)
    {
        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : null;
        string? rawBody = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (request.ContentLength is > 64 * 1024)
            {
                return (null, null, null, BinanceErrors.TooManyParameters);
            }

            // A chunked body has no length to check up front: let the server stop reading past the limit.
            if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = 64 * 1024;
            }

            using var reader = new StreamReader(request.Body);
            try
            {
                rawBody = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException)
            {
                return (null, null, null, BinanceErrors.TooManyParameters);
            }

            if (rawBody.Length > 64 * 1024)
            {
                return (null, null, null, BinanceErrors.TooManyParameters);
            }
        }

        var parsed = ParameterReader.Parse(rawQuery, rawBody);
        return parsed.Error is { } error ? (null, rawQuery, rawBody, error) : (parsed.Value, rawQuery, rawBody, null);
    }

    /// <summary>
    /// Authenticates a signed (TRADE / USER_DATA) request: the key exists and has <paramref name="permission"/>, the
    /// signature matches, and the timestamp is inside recvWindow. Returns the user id.
    /// </summary>
    public static async Task<(ParameterReader? Parameters, long UserId, BinanceError? Error)> ReadSignedAsync(HttpRequest request,
        ApiKeyStore keys, TimeProvider time, string permission)
    {
        var (parameters, rawQuery, rawBody, error) = await ReadAsync(request).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, 0, error);
        }

        (var user, error) = await AuthenticateAsync(request.Headers[ApiKeyHeader], request.HttpContext.Connection.RemoteIpAddress, keys, permission,
            request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, 0, error);
        }

        var signature = parameters!.Peek(BinanceSignature.ParameterName);
        if (string.IsNullOrEmpty(signature))
        {
            return (null, 0, BinanceErrors.MandatoryParameter(BinanceSignature.ParameterName));
        }

        if (!BinanceSignature.IsValid(user!.Secret, rawQuery, rawBody, signature))
        {
            return (null, 0, BinanceErrors.InvalidSignature);
        }

        if (RequestTiming.Check(parameters, time.GetUtcNow().ToUnixTimeMilliseconds()) is { } timing)
        {
            return (null, 0, timing);
        }

        return (parameters, user.Key.UserId, null);
    }

    /// <summary>
    /// An active API key with the permission, used from an address its IP allow-list allows; -2014 for a malformed
    /// key, -2015 for an unknown or revoked one, a missing permission or an address outside the allow-list (one
    /// answer for all, as Binance gives); -1002 for a valid key of an account whose sign-in is frozen.
    /// </summary>
    public static async ValueTask<(LiveApiKey? Key, BinanceError? Error)> AuthenticateAsync(StringValues header, IPAddress? remoteAddress, ApiKeyStore keys,
        string permission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var apiKey = header.Count == 1 ? header[0] : null;
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 128)
        {
            return (null, BinanceErrors.BadApiKeyFormat);
        }

        if (await keys.FindAsync(apiKey, cancellationToken).ConfigureAwait(false) is not { } found || !found.Key.Allows(permission)
            || !found.AllowsAddress(remoteAddress))
        {
            return (null, BinanceErrors.RejectedApiKey);
        }

        if (keys.IsSuspended(found.Key.UserId))
        {
            return (null, BinanceErrors.AccountFrozen);
        }

        return (found, null);
    }
}
