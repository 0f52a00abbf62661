using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bourse.Identity;

/// <summary>
/// Short-lived JWT access tokens signed with HMAC-SHA256 by a key only this deployment holds. Validation pins the
/// algorithm, issuer, audience and lifetime, so <c>alg: none</c>, another key's signature, or a tampered payload fail.
/// The token names its session; the server also checks the session is still live on every request.
/// </summary>
public sealed class AccessTokens
{
    public const string Issuer = "bourse";
    public const string Audience = "bourse-api";
    public const string SessionClaim = "sid";
    public const string MethodsClaim = "amr";

    /// <summary>Present while the account must enroll 2FA before doing anything else.</summary>
    public const string SetupRequiredClaim = "tfa_setup";

    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new();

    public AccessTokens(byte[] signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        if (signingKey.Length < 32)
        {
            throw new ArgumentException("The signing key must be at least 256 bits.", nameof(signingKey));
        }

        _key = new SymmetricSecurityKey(signingKey);
    }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.FromSeconds(5),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = "role",
    };

    /// <summary>
    /// The lifetime check: expiry required and judged (with <see cref="TokenValidationParameters.ClockSkew"/>) against
    /// <paramref name="now"/> from the host's clock; throws the exceptions the default throws, so an expired token is
    /// still told apart. Not-before is not judged: it is always the issue time of a token this server signed, so a
    /// token "not valid yet" only means the clock went back since, and refusing it would sign every user out for as
    /// long as the jump. A backward jump thus lengthens a token's life by at most the jump.
    /// </summary>
    public static bool ValidateLifetime(DateTime? notBefore, DateTime? expires, TokenValidationParameters parameters, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _ = notBefore;
        if (expires is not { } expiry)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (expiry < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expiry };
        }

        return true;
    }

    /// <param name="operatorRoles">The back-office roles the token carries (<c>role</c> claims); empty for a customer, and
    /// for an operator whose session did not use 2FA.</param>
    public string Create(long userId, string sessionId, bool usedSecondFactor, IReadOnlyList<string> operatorRoles, bool twoFactorSetupRequired, DateTimeOffset now, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SessionClaim] = sessionId,
            [JwtRegisteredClaimNames.Jti] = OpaqueTokens.New(16),
            [MethodsClaim] = usedSecondFactor ? new[] { "pwd", "otp" } : new[] { "pwd" },
        };
        ArgumentNullException.ThrowIfNull(operatorRoles);
        if (operatorRoles.Count > 0)
        {
            claims["role"] = operatorRoles.ToArray();
        }

        if (twoFactorSetupRequired)
        {
            claims[SetupRequiredClaim] = true;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The user id of a validated principal, or null.</summary>
    public static long? UserId(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? SessionId(ClaimsPrincipal? principal) => principal?.FindFirst(SessionClaim)?.Value;
}
