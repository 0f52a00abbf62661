namespace Bourse.Server;

/// <summary>Turns the documented flags into configuration keys ASP.NET Core's command-line provider understands.</summary>
public static class CommandLine
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = "--Bourse:DataDirectory",
        ["--demo"] = "--Bourse:Demo",
        ["--roles"] = "--Bourse:Roles",
    };

    /// <summary>Maps <c>--data-dir X</c> and friends; a bare <c>--demo</c> becomes <c>--Bourse:Demo=true</c>.</summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (!Switches.TryGetValue(name, out var key))
            {
                result.Add(arg);
                continue;
            }

            if (arg.Contains('=', StringComparison.Ordinal))
            {
                result.Add(key + arg[name.Length..]);
            }
            else if (name == "--demo" && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                result.Add(key + "=true");
            }
            else
            {
                result.Add(key);
            }
        }

        return [.. result];
    }
}
