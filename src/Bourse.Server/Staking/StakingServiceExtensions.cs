namespace Bourse.Server.Staking;

public static class StakingServiceExtensions
{
    /// <summary>
    /// Staking settings, the positions view the GET endpoints read, the start-up product setup and the reward/release
    /// scheduler. The server's sequence starts them after the engine and the demo seeder: the products need the assets.
    /// </summary>
    public static WebApplicationBuilder AddStaking(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<StakingOptions>(builder.Configuration.GetSection(StakingOptions.Section));
        builder.Services.AddSingleton<StakingView>();
        builder.Services.AddSingleton<Bourse.Engine.IEventSubscriber>(sp => sp.GetRequiredService<StakingView>());
        builder.Services.AddSingleton<StakingScheduler>();
        builder.Services.AddSingleton<StakingSetup>();
        return builder;
    }
}
