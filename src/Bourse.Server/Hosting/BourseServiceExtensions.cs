using Bourse.Api.Binance;
using Bourse.Engine;
using Bourse.MarketData;
using Bourse.Server.Admin;
using Bourse.Server.ApiKeys;
using Bourse.Server.Approvals;
using Bourse.Server.Conversions;
using Bourse.Server.Demo;
using Bourse.Server.Email;
using Bourse.Server.Engine;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.Identity;
using Bourse.Server.Limits;
using Bourse.Server.Listing;
using Bourse.Server.MarketData;
using Bourse.Server.MarketStreams;
using Bourse.Server.OpenApi;
using Bourse.Server.Operators;
using Bourse.Server.Portfolio;
using Bourse.Server.Staking;
using Bourse.Server.Trading;
using Bourse.Server.Treasury;
using Bourse.Server.UserData;
using Bourse.Server.Views;
using Bourse.Server.Wallet;
using Bourse.Trading;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Bourse.Server.Hosting;

public static class BourseServiceExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>
    /// Registers the engine, key store, demo services and logging for one process running every role. First of all it
    /// takes the data directory (<see cref="DataDirectory.Open"/>): a directory others can read, or one another process
    /// holds, stops the start here (<see cref="StartRefusedException"/>), before anything has opened a file or a port.
    /// </summary>
    public static WebApplicationBuilder AddBourse(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(BourseOptions.Section).Get<BourseOptions>() ?? new BourseOptions();
        var data = DataDirectory.Open(options.DataDirectory);
        try
        {
            // The container owns the lock from here (the lifecycle releases it once every part has stopped).
            builder.Services.AddSingleton(_ => data);
            return builder.AddBourseServices(options, data.Path);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private static WebApplicationBuilder AddBourseServices(this WebApplicationBuilder builder, BourseOptions options, string dataDirectory)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // No Server header: what runs the exchange is nobody's business.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        builder.Services.AddSecretRedaction();
        builder.Services.Configure<BourseOptions>(builder.Configuration.GetSection(BourseOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The process-wide registry by default; a host that shares its process (a test) brings its own.
        builder.Services.TryAddSingleton(_ => Metrics.DefaultRegistry);
        builder.Services.AddWebUi();
        DataDirectory.CreatePrivateDirectory(Protection.KeyDirectory(dataDirectory));
        builder.Services.AddDataProtection()
            .SetApplicationName(Protection.ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(Protection.KeyDirectory(dataDirectory)));
        builder.AddIdentityStore(dataDirectory);
        builder.AddPlatformIdentity(dataDirectory);
        builder.AddApiKeys(dataDirectory);
        builder.AddEmail();
        builder.Services.AddSingleton<ReferenceDataView>();
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<ReferenceDataView>());
        builder.Services.AddSingleton(sp => new TradingIntake(sp.GetRequiredService<ReferenceDataView>()));
        builder.Services.AddSingleton(sp =>
        {
            var reference = sp.GetRequiredService<ReferenceDataView>();
            return new MarketDataStore(new MarketDataOptions
            {
                MarketSpecs = id => reference.FindMarket(id)?.Spec,
                Listener = sp.GetRequiredService<MarketChangeQueue>(),
            });
        });
        builder.Services.AddSingleton<IEventSubscriber, MarketDataFeed>();
        builder.Services.AddSingleton<AccountViews>();
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<AccountViews>());
        builder.AddUserDataStreams();
        builder.AddHistory(dataDirectory);
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddSingleton<EngineStage>();
        builder.AddPortfolio(dataDirectory);
        builder.Services.AddListing();
        if (options.Demo)
        {
            builder.Services.AddSingleton<DemoSeeder>();
            builder.Services.AddSingleton<DemoAccounts>();
            builder.Services.AddSingleton<MarketMaker>();
        }

        builder.AddStaking();
        builder.AddApprovals();
        builder.AddTreasury();
        var limits = new RateLimitPolicy
        {
            RequestWeightPerMinute = builder.Configuration.GetValue("Bourse:RequestWeightPerMinute", new RateLimitPolicy().RequestWeightPerMinute),
            OrdersPer10Seconds = builder.Configuration.GetValue("Bourse:OrdersPer10Seconds", new RateLimitPolicy().OrdersPer10Seconds),
            OrdersPerDay = builder.Configuration.GetValue("Bourse:OrdersPerDay", new RateLimitPolicy().OrdersPerDay),
        };
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton<RequestWeightLimiter>();
        builder.Services.AddSingleton<OrderCountLimiter>();
        builder.Services.AddSingleton<UserLocks>();
        builder.Services.AddExceptionHandler<UnhandledErrors>();
        builder.Services.AddHealthChecks()
            .AddCheck<EngineReadiness>("engine", tags: ["ready"])
            .AddCheck<EngineLiveness>("engine-alive", tags: ["live"]);
        builder.AddMarketStreams();
        builder.AddTelemetry();
        builder.AddBourseOpenApi();
        builder.Services.AddOptions<ConvertOptions>().BindConfiguration(ConvertOptions.Section);
        builder.Services.AddSingleton<ConvertQuoteBook>();
        builder.Services.AddSingleton(new ServerSequence(Sequence(options)));
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section);
        builder.Services.AddSingleton<ManagementServer>();
        builder.Services.AddHostedService<ServerLifecycle>();
        return builder;
    }

    /// <summary>The server's background parts in the order they start; they stop in the reverse.</summary>
    private static List<Type> Sequence(BourseOptions options)
    {
        List<Type> parts =
        [
            // First up and last down: metrics and health for operators, through recovery and the drain.
            typeof(ManagementServer),

            // Before the engine: they take the events its recovery already delivers, or serve work that needs no engine,
            // and stop only after the engine has drained.
            typeof(IdentityWork), typeof(EmailSender), typeof(ListenKeyExpiry), typeof(UserDataHub),
            // The engine: recovery; at stop a drain and snapshot, then the history projection's end.
            typeof(EngineStage),
            // After the engine: they read recovered state or submit commands, and stop before the engine drains.
            typeof(PortfolioSnapshotter),
            // Approved proposals whose result was never recorded (the process stopped in between) are carried out.
            typeof(ProposalRedrive),
        ];
        if (options.Demo)
        {
            // The seeder lists the demo assets and markets that the accounts are funded in and staking offers.
            parts.AddRange([typeof(DemoSeeder), typeof(DemoAccounts)]);
            if (options.DemoMarketMaker)
            {
                parts.Add(typeof(MarketMaker));
            }
        }

        parts.AddRange([typeof(StakingSetup), typeof(StakingScheduler), typeof(MarketStreamPublisher)]);
        return parts;
    }

    public static WebApplication MapBourse(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        if (proxies.Enabled)
        {
            app.UseForwardedHeaders(proxies.ToMiddlewareOptions());
        }

        // First, so an exception anywhere after it gets an answer in the API's own form rather than an empty 500.
        // (The fallback runs only for a client that has gone away; UnhandledErrors answers everyone else.)
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = static _ => Task.CompletedTask });
        var metrics = app.Services.GetRequiredService<CollectorRegistry>();
        app.UseHttpMetrics(o => o.SetMetricFactory(Metrics.WithCustomRegistry(metrics)));
        app.UseMiddleware<RequestWeightMiddleware>();
        app.UseWebSockets();
        app.UseMiddleware<WebSocketConnectionLimitMiddleware>();
        app.UsePlatformPathGuard();
        app.UseAdminAllowList();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", HealthReports.Live);
        app.MapHealthChecks("/health/ready", HealthReports.Ready);
        app.MapBinanceGeneralApi();
        app.MapBinanceMarketApi();
        app.MapBinanceMarketDataApi();
        app.MapBinanceTradeApi();
        app.MapUserDataStreams();
        app.MapSessionStream();
        app.MapPlatformAuthApi();
        app.MapPlatformAccountApi();
        app.MapPlatformAdminApi();
        app.MapPlatformDashboardApi();
        app.MapPlatformOperatorsApi();
        app.MapPlatformAdminUsersApi();
        app.MapListingApi();
        app.MapPlatformApiKeysApi();
        app.MapPlatformTradingApi();
        app.MapPlatformConvertApi();
        app.MapPlatformReconciliationApi();
        app.MapAdjustmentsApi();
        app.MapStakingApi();
        app.MapTransfersApi();
        app.MapWalletHistoryApi();
        app.MapDemoFaucet();
        app.MapPortfolioApi();
        app.MapMarketStreams();
        app.MapBourseOpenApi();
        app.MapEmail();
        app.MapWebUi();
        return app;
    }

}
