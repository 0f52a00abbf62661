using Bourse.Store.Identity;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Email;

public static class EmailServiceExtensions
{
    /// <summary>
    /// Registers the outbox (in the identity database) and its sender (<c>Bourse:Email</c>). Call after the identity
    /// store. Invalid settings stop the server at start.
    /// </summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>()
            .Bind(builder.Configuration.GetSection(EmailOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidation>();
        builder.Services.AddSingleton(sp => new SqlEmailOutbox(sp.GetRequiredService<IdentityDatabase>()));
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddSingleton<EmailSender>();
        return builder;
    }

    /// <summary>Maps the demo-mode mail endpoint; outside demo mode nothing is mapped.</summary>
    public static WebApplication MapEmail(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<BourseOptions>>().Value.Demo)
        {
            app.MapDevMailApi();
        }

        return app;
    }
}
