using Bourse.Server.Email;

namespace Bourse.Server.Tests.Email;

public sealed class EmailOptionsTests
{
    [Fact]
    public void The_retry_delay_doubles_after_each_failure_up_to_the_cap()
    {
        var options = new EmailOptions { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(5) };

        Assert.Equal([30, 60, 120, 240, 300, 300], Enumerable.Range(1, 6).Select(a => options.RetryDelayAfter(a).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), options.RetryDelayAfter(10_000));
    }

    [Fact]
    public void The_defaults_are_a_valid_development_sink()
    {
        var options = new EmailOptions();

        Assert.True(options.IsDevelopmentSink);
        Assert.Null(options.Problem());
    }

    [Theory]
    [InlineData("From", "Bourse:Email:From")]
    [InlineData("MaxAttempts", "Bourse:Email:MaxAttempts")]
    [InlineData("RetryDelay", "Bourse:Email:RetryDelay")]
    [InlineData("PollInterval", "Bourse:Email:PollInterval")]
    [InlineData("Port", "Bourse:Email:Smtp:Port")]
    public void A_setting_that_cannot_work_is_named(string setting, string key)
    {
        var options = new EmailOptions { Smtp = new SmtpOptions { Host = "smtp.example.com" } };
        Assert.Null(options.Problem());

        switch (setting)
        {
            case "From": options.From = "no address here"; break;
            case "MaxAttempts": options.MaxAttempts = 0; break;
            case "RetryDelay": options.RetryDelay = TimeSpan.FromHours(2); break;
            case "PollInterval": options.PollInterval = TimeSpan.Zero; break;
            default: options.Smtp.Port = 0; break;
        }

        Assert.StartsWith(key, options.Problem(), StringComparison.Ordinal);
    }
}
