using Bourse.Engine;
using Bourse.Store;

namespace Bourse.Server.History;

public static class HistoryServiceExtensions
{
    /// <summary>
    /// Registers the history store (<c>Bourse:Store</c>) and the projection that feeds it from the engine; the server's
    /// sequence ends the projection after the engine has drained.
    /// </summary>
    public static WebApplicationBuilder AddHistory(this WebApplicationBuilder builder, string dataDirectory)
    {
        var options = builder.Configuration.GetSection(HistoryStoreOptions.Section).Get<HistoryStoreOptions>() ?? new HistoryStoreOptions();
        builder.Services.AddSingleton(_ => HistoryStores.Open(options.Provider, options.ConnectionString, dataDirectory));
        builder.Services.AddSingleton<HistoryProjection>();
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<HistoryProjection>());
        return builder;
    }
}
