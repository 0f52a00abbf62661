using Bourse.Server;
using Bourse.Server.ApiKeys;
using Bourse.Server.Cli;
using Bourse.Server.Hosting;
using Bourse.Server.Listing;
using Bourse.Server.Operators;

if (args is ["apikey", ..])
{
    return await ApiKeyCommand.RunAsync(args[1..]);
}

if (args is ["admin" or "audit", ..])
{
    return await OperatorCommand.RunAsync(args);
}

if (args is ["listing", ..])
{
    return await ListingCommand.RunAsync(args[1..]);
}

if (args is ["users", ..])
{
    return await UsersCommand.RunAsync(args[1..]);
}

if (args is ["adjustments", ..])
{
    return await AdjustmentsCommand.RunAsync(args[1..]);
}

var command = CommandLine.Parse(args);
if (command.Help)
{
    Console.Out.Write(CommandLine.Usage);
    return ExitCodes.Success;
}

if (command.Error is { } error)
{
    Console.Error.WriteLine($"bourse: {error}");
    Console.Error.Write(CommandLine.Usage);
    return ExitCodes.Usage;
}

if (command.Version)
{
    Console.Out.WriteLine($"bourse {CommandLine.Version}");
    return ExitCodes.Success;
}

try
{
    // Settings (appsettings.json) are read from beside the binary, whatever the working directory; relative paths
    // such as the data directory still mean the working directory, as for any command.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = command.Arguments, ContentRootPath = AppContext.BaseDirectory });
    builder.AddBourse();
    await using var app = builder.Build();
    app.MapBourse();
    await app.RunAsync();
    return Environment.ExitCode;
}
catch (StartRefusedException refused)
{
    Console.Error.WriteLine($"bourse: {refused.Message}");
    return refused.ExitCode;
}
catch (Exception failure) when (failure is not OutOfMemoryException)
{
    // The host has logged what failed; an unhandled exception would end the process with SIGABRT (exit 134) instead.
    Console.Error.WriteLine($"bourse: failed: {failure}");
    return ExitCodes.Failure;
}
