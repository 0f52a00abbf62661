using Bourse.Server.History;
using Bourse.Store.Portfolio;

namespace Bourse.Server.Portfolio;

public static class PortfolioServiceExtensions
{
    /// <summary>
    /// Registers valuation, cost history and the snapshot recorder (<c>Bourse:Portfolio</c>); the snapshot table lives
    /// in the history database (<c>Bourse:Store</c>). Call after the engine host is registered, so snapshots start after it.
    /// </summary>
    public static WebApplicationBuilder AddPortfolio(this WebApplicationBuilder builder, string dataDirectory)
    {
        var section = builder.Configuration.GetSection(PortfolioOptions.Section);
        builder.Services.Configure<PortfolioOptions>(section);
        if (builder.Configuration.GetValue<bool>($"{BourseOptions.Section}:{nameof(BourseOptions.Demo)}") && section[nameof(PortfolioOptions.SnapshotInterval)] is null)
        {
            // A demo is looked at for minutes, not days: a chart needs points sooner than hourly.
            builder.Services.PostConfigure<PortfolioOptions>(o => o.SnapshotInterval = PortfolioOptions.DemoSnapshotInterval);
        }

        var store = builder.Configuration.GetSection(HistoryStoreOptions.Section).Get<HistoryStoreOptions>() ?? new HistoryStoreOptions();
        builder.Services.AddSingleton(_ => SqlPortfolioStore.Open(store.Provider, store.ConnectionString, dataDirectory));
        builder.Services.AddSingleton<LivePrices>();
        builder.Services.AddSingleton<CostHistory>();
        builder.Services.AddSingleton<PortfolioSnapshotter>();
        return builder;
    }
}
