using Bourse.Server.Http;

namespace Bourse.Server.Operators;

/// <summary>
/// <c>Bourse:Admin:AllowedNetworks</c>: when set, every request under <c>/api/v1/admin</c> from another address is
/// refused (403 <c>ip_not_allowed</c>) before authentication, so a stolen operator token is useless off those networks.
/// The address is the client's as the forwarded-headers middleware settled it.
/// </summary>
public static class AdminAllowList
{
    public static IApplicationBuilder UseAdminAllowList(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<AdminOptions>();
        if (options.AllowedNetworks.Count == 0)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/v1/admin", StringComparison.OrdinalIgnoreCase) && !options.Allows(context.Connection.RemoteIpAddress))
            {
                await ApiProblem.Forbidden("ip_not_allowed", "The admin API does not answer this address (Bourse:Admin:AllowedNetworks).")
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }
}
