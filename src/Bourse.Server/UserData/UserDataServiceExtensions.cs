using Bourse.Engine;

namespace Bourse.Server.UserData;

public static class UserDataServiceExtensions
{
    /// <summary>Registers listenKeys, their expiry, and the hub that routes engine events to user data streams.</summary>
    public static WebApplicationBuilder AddUserDataStreams(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<UserDataOptions>(builder.Configuration.GetSection(UserDataOptions.Section));
        builder.Services.AddSingleton<ListenKeys>();
        builder.Services.AddSingleton<ListenKeyExpiry>();
        builder.Services.AddSingleton<UserDataHub>();
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<UserDataHub>());
        return builder;
    }
}
