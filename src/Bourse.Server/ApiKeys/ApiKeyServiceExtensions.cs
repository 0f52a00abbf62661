using Bourse.Store.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Server.ApiKeys;

public static class ApiKeyServiceExtensions
{
    /// <summary>Registers the API keys on the identity database (after <c>AddIdentityStore</c> and Data Protection).</summary>
    public static WebApplicationBuilder AddApiKeys(this WebApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => new SqlApiKeys(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton(sp => new ApiKeyStore(sp.GetRequiredService<SqlApiKeys>(), sp.GetRequiredService<IDataProtectionProvider>(),
            dataDirectory, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ApiKeyStore>>()));
        return builder;
    }
}
