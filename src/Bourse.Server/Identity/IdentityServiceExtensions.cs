using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.Server.Http;
using Bourse.Store.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;

namespace Bourse.Server.Identity;

public static class IdentityServiceExtensions
{
    /// <summary>
    /// Registers the identity database (<c>Bourse:Identity:Store</c>, else the <c>Bourse:Store</c> settings; identity.db for
    /// SQLite) and the stores Bourse.Identity works through.
    /// </summary>
    public static WebApplicationBuilder AddIdentityStore(this WebApplicationBuilder builder, string dataDirectory)
    {
        var options = IdentityStoreOptions.From(builder.Configuration);
        builder.Services.AddSingleton(_ => IdentityDatabase.Open(options.Provider, options.ConnectionString, dataDirectory));
        builder.Services.AddSingleton<IUserStore>(sp => new SqlUsers(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton<ISessionStore>(sp => new SqlSessions(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton<ILoginFailureStore>(sp => new SqlLoginFailures(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton<IEmailTokenStore>(sp => new SqlEmailTokens(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton<IOperatorStore>(sp => new SqlOperators(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton(sp => new SqlOperatorAuditLog(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton<IOperatorAuditLog>(sp => sp.GetRequiredService<SqlOperatorAuditLog>());
        builder.Services.AddSingleton<IOperatorAuditTrail>(sp => sp.GetRequiredService<SqlOperatorAuditLog>());
        builder.Services.AddSingleton<IRecoveryCodeStore>(sp => new SqlRecoveryCodes(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton<IAuditLog>(sp => new SqlAuditLog(sp.GetRequiredService<IdentityDatabase>()));
        return builder;
    }

    /// <summary>Accounts, sessions, 2FA, JWT bearer authentication and the platform API's rate limits.</summary>
    public static WebApplicationBuilder AddPlatformIdentity(this WebApplicationBuilder builder, string dataDirectory)
    {
        var identity = builder.Configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        var limits = builder.Configuration.GetSection(PlatformLimits.Section).Get<PlatformLimits>() ?? new PlatformLimits();
        var admin = AdminOptions.From(builder.Configuration);
        identity.OperatorIdleTimeout = admin.IdleTimeout;
        builder.Services.AddSingleton(admin);
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddSingleton<IMailer, OutboxMailer>();
        builder.Services.AddSingleton(sp => new AccessTokens(SigningKey.LoadOrCreate(dataDirectory, sp.GetRequiredService<IDataProtectionProvider>())));
        builder.Services.AddSingleton<AttemptLimiter>();
        builder.Services.AddSingleton<PasswordReentry>();
        builder.Services.AddSingleton<SecondFactor>();
        builder.Services.AddSingleton<Accounts>();
        builder.Services.AddSingleton<OperatorAccounts>();
        builder.Services.AddSingleton<PasswordChanges>();
        builder.Services.AddSingleton<IdentityWork>();
        builder.Services.AddPlatformRateLimits(limits);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var accounts = context.HttpContext.RequestServices.GetRequiredService<Accounts>();
                    // A token with operator roles is held to the shorter admin idle timeout (Bourse:Admin:IdleTimeout).
                    if (AccessTokens.UserId(context.Principal) is not { } userId || AccessTokens.SessionId(context.Principal) is not { } sessionId ||
                        !await accounts.CheckSessionAsync(userId, sessionId, RequestClient.Of(context.HttpContext), context.HttpContext.RequestAborted,
                            carriesRoles: context.Principal!.HasClaim(c => c.Type == "role")).ConfigureAwait(false))
                    {
                        context.Fail(new SecurityTokenExpiredException("The session has ended."));
                    }
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    var problem = context.AuthenticateFailure switch
                    {
                        null => ApiProblem.Unauthorized(),
                        SecurityTokenExpiredException { Message: "The session has ended." } => ApiProblem.Unauthorized("session_expired", "The session has ended; sign in again."),
                        SecurityTokenExpiredException => ApiProblem.Unauthorized("token_expired", "The access token has expired; refresh it."),
                        _ => ApiProblem.Unauthorized("invalid_token", "The access token is not valid."),
                    };
                    await problem.ExecuteAsync(context.HttpContext).ConfigureAwait(false);
                },
                OnForbidden = context => ApiProblem.Forbidden("forbidden", "This account may not do that.").ExecuteAsync(context.HttpContext),
            };
        });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens, TimeProvider>((o, tokens, time) =>
            {
                o.TokenValidationParameters = tokens.ValidationParameters;
                // Expiry is judged by the host's clock, not the system's, like every other lifetime.
                o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
                    AccessTokens.ValidateLifetime(notBefore, expires, parameters, time.GetUtcNow().UtcDateTime);
            });
        builder.Services.AddAuthorizationBuilder().AddOperatorPolicies();
        return builder;
    }
}
