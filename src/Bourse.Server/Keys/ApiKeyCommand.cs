using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Server.Keys;

/// <summary>
/// <c>bourse apikey create --user ID [--label L] [--permissions read,trade] [--data-dir DIR]</c>: creates an API key
/// from the command line until accounts can create them.
/// </summary>
public static class ApiKeyCommand
{
    public static int Run(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        if (args.FirstOrDefault() != "create" || !long.TryParse(Value("--user"), out var userId) || userId <= 0)
        {
            Console.Error.WriteLine("usage: bourse apikey create --user ID [--label L] [--permissions read,trade] [--data-dir DIR]");
            return 2;
        }

        var dataDirectory = Path.GetFullPath(Value("--data-dir") ?? "data");
        Directory.CreateDirectory(dataDirectory);
        var store = new ApiKeyStore(dataDirectory, Protection.For(dataDirectory));
        var permissions = (Value("--permissions") ?? "read,trade").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (key, secret) = store.Create(userId, Value("--label") ?? "cli", permissions);
        Console.WriteLine($"apiKey:    {key.Key}");
        Console.WriteLine($"secretKey: {secret}");
        Console.WriteLine($"user {userId}, permissions {string.Join(",", permissions)} (the secret is shown only now)");
        return 0;
    }
}
