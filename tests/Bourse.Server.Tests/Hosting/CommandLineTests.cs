namespace Bourse.Server.Tests.Hosting;

/// <summary>
/// <c>bourse</c>'s command line: help for the server and every <c>apikey</c> command, printed without starting
/// anything; an unknown flag refused with the usage; the documented flags turned into the settings they stand for.
/// </summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_prints_the_usage_and_exits_without_starting_a_server(string help)
    {
        using var directory = new TempDirectory();

        var run = await ServerProcess.RunAsync(directory.Path, help);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.StandardOutput}\n{run.StandardError}");
        Assert.StartsWith("usage: bourse", run.StandardOutput, StringComparison.Ordinal);
        foreach (var flag in new[] { "--data-dir", "--demo", "--urls", "--management-urls", "--roles", "--environment", "--Section:Key", "--help", "--version", "apikey" })
        {
            Assert.Contains(flag, run.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Empty(run.StandardError);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task Help_after_other_flags_still_only_prints_the_usage()
    {
        using var directory = new TempDirectory();

        var run = await ServerProcess.RunAsync(directory.Path, "--demo", "--data-dir", "here", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("usage: bourse", run.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "here")));
    }

    [Theory]
    [InlineData("--frobnicate", "unknown option '--frobnicate'")]
    [InlineData("--data-dir", "option '--data-dir' needs a value")]
    [InlineData("serve", "unknown command 'serve'")]
    public async Task A_bad_command_line_exits_2_with_the_reason_and_the_usage_on_standard_error(string argument, string reason)
    {
        using var directory = new TempDirectory();

        var run = await ServerProcess.RunAsync(directory.Path, argument);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.StandardOutput}\n{run.StandardError}");
        Assert.Contains(reason, run.StandardError, StringComparison.Ordinal);
        Assert.Contains("usage: bourse", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Theory]
    [InlineData("create", "--permissions")]
    [InlineData("list", "--user")]
    [InlineData("revoke", "--key")]
    public async Task Every_apikey_command_has_its_own_help(string command, string flag)
    {
        using var directory = new TempDirectory();

        var run = await ServerProcess.RunAsync(directory.Path, "apikey", command, "--help");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.StandardOutput}\n{run.StandardError}");
        Assert.StartsWith($"usage: bourse apikey {command}", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(flag, run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--data-dir", run.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task Apikey_help_lists_its_commands()
    {
        using var directory = new TempDirectory();

        var run = await ServerProcess.RunAsync(directory.Path, "apikey", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "create", "list", "revoke" })
        {
            Assert.Contains($"bourse apikey {command}", run.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_apikey_flag_is_refused_with_the_command_s_usage()
    {
        using var directory = new TempDirectory();

        var run = await ServerProcess.RunAsync(directory.Path, "apikey", "list", "--user", "1", "--usr", "2", "--data-dir", directory.Sub("data"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '--usr'", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("usage: bourse apikey list", run.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory.Sub("data")));
    }

    [Fact]
    public void The_documented_flags_become_the_settings_they_stand_for()
    {
        var parsed = CommandLine.Parse(["--data-dir", "/var/lib/bourse", "--demo", "--management-urls=", "--roles", "all",
            "--Bourse:Store:Provider", "postgres", "--Logging:LogLevel:Default=Debug", "--urls", "http://0.0.0.0:8080"]);

        Assert.Null(parsed.Error);
        Assert.False(parsed.Help);
        Assert.Equal(
            ["--Bourse:DataDirectory=/var/lib/bourse", "--Bourse:Demo=true", "--Bourse:Management:Urls=", "--Bourse:Roles=all",
                "--Bourse:Store:Provider=postgres", "--Logging:LogLevel:Default=Debug", "--urls=http://0.0.0.0:8080"],
            parsed.Arguments);
    }

    [Theory]
    [InlineData("false", "--Bourse:Demo=false")]
    [InlineData("true", "--Bourse:Demo=true")]
    public void Demo_takes_an_optional_true_or_false(string value, string setting)
    {
        Assert.Equal([setting, "--Bourse:DataDirectory=d"], CommandLine.Parse(["--demo", value, "--data-dir", "d"]).Arguments);
    }

    [Fact]
    public void A_word_after_a_bare_demo_is_not_taken_for_its_value()
    {
        Assert.Equal("unexpected argument 'yes'", CommandLine.Parse(["--demo", "yes"]).Error);
    }
}
