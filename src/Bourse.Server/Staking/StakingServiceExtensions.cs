namespace Bourse.Server.Staking;

public static class StakingServiceExtensions
{
    /// <summary>
    /// Staking settings, the start-up product setup and the reward/release scheduler. Register after the engine host
    /// and the demo seeder: hosted services start in order, and the products need the assets.
    /// </summary>
    public static WebApplicationBuilder AddStaking(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<StakingOptions>(builder.Configuration.GetSection(StakingOptions.Section));
        builder.Services.AddSingleton<StakingScheduler>();
        builder.Services.AddHostedService<StakingSetup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StakingScheduler>());
        return builder;
    }
}
