using Bourse.Server.History;
using Bourse.Store.Identity;

namespace Bourse.Server.Identity;

public static class IdentityServiceExtensions
{
    /// <summary>Registers the identity database (same <c>Bourse:Store</c> settings as the history; identity.db for SQLite).</summary>
    public static WebApplicationBuilder AddIdentityStore(this WebApplicationBuilder builder, string dataDirectory)
    {
        var options = builder.Configuration.GetSection(HistoryStoreOptions.Section).Get<HistoryStoreOptions>() ?? new HistoryStoreOptions();
        builder.Services.AddSingleton(_ => IdentityDatabase.Open(options.Provider, options.ConnectionString, dataDirectory));
        return builder;
    }
}
