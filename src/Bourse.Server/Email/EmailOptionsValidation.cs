using Microsoft.Extensions.Options;

namespace Bourse.Server.Email;

/// <summary>Stops the server at start with the setting that is wrong, rather than failing every send later.</summary>
internal sealed class EmailOptionsValidation : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
