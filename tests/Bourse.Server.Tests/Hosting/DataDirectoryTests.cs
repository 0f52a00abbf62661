using System.Net;

namespace Bourse.Server.Tests.Hosting;

/// <summary>
/// The data directory holds keys, account data and (in demo mode) plaintext passwords and API secrets: it and everything
/// the server writes in it are its owner's only, a directory others can read is refused, and a second server on the same
/// directory stops before it starts anything. Mode bits, not access, are checked: CI runs as root, who may read anything.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_new_data_directory_and_everything_the_server_writes_in_it_are_its_owner_s_only()
    {
        using var directory = new TempDirectory();
        var data = directory.Sub("data");
        await using (var server = await ServerProcess.StartAsync(data, "--demo", "--Bourse:DemoMarketMaker=false"))
        {
            // The demo's files hold passwords and API secrets; they are written once the engine has recovered.
            await Eventually.UntilAsync(() => File.Exists(Path.Combine(data, "demo-credentials.json")) && File.Exists(Path.Combine(data, "demo-accounts.json")),
                () => server.Output);
            AssertOwnerOnly(data); // while running: the databases' -wal and -shm files too
            Assert.Equal(0, await server.StopAsync());
        }

        AssertOwnerOnly(data); // after the final snapshot
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(data, "snapshots")));
    }

    [Fact]
    public async Task A_data_directory_others_can_read_is_refused_before_anything_is_written_in_it()
    {
        using var directory = new TempDirectory();
        var data = directory.Sub("data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var run = await ServerProcess.RunAsync(directory.Path, "--data-dir", data, "--urls", "http://127.0.0.1:0", "--management-urls", "http://127.0.0.1:0");

        Assert.True(run.ExitCode == ExitCodes.DataDirectoryExposed, $"exit {run.ExitCode}\n{run.StandardOutput}\n{run.StandardError}");
        Assert.Contains($"the data directory {data} is open to other users (mode 0755)", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"chmod -R go-rwx {data}", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data));
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_directory_exits_with_a_clear_message_before_starting_anything()
    {
        using var directory = new TempDirectory();
        await using var first = await ServerProcess.StartAsync(directory.Sub("data"));

        var second = await ServerProcess.RunAsync(directory.Path, "--data-dir", first.DataDirectory, "--urls", "http://127.0.0.1:0",
            "--management-urls", "http://127.0.0.1:0");

        Assert.True(second.ExitCode == ExitCodes.DataDirectoryInUse, $"exit {second.ExitCode}\n{second.StandardOutput}\n{second.StandardError}");
        Assert.Contains($"the data directory {first.DataDirectory} is in use by another bourse process", second.StandardError, StringComparison.Ordinal);
        // Nothing started, so nothing logged: no email sender, no engine, no listener.
        Assert.Empty(second.StandardOutput);
        using var ready = await first.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_stopped_server_leaves_the_data_directory_to_the_next()
    {
        using var directory = new TempDirectory();
        await using (var first = await InProcessServer.StartAsync(directory.Path))
        {
            await first.StopAsync();
            await using var second = await InProcessServer.StartAsync(directory.Path);
            Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/health/ready")).StatusCode);
        }
    }

    private static void AssertOwnerOnly(string data)
    {
        var exposed = new List<string>();
        if (File.GetUnixFileMode(data) != OwnerOnlyDirectory)
        {
            exposed.Add($". {File.GetUnixFileMode(data)}");
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories))
        {
            var expected = Directory.Exists(entry) ? OwnerOnlyDirectory : OwnerOnlyFile;
            try
            {
                if (File.GetUnixFileMode(entry) != expected)
                {
                    exposed.Add($"{Path.GetRelativePath(data, entry)} {File.GetUnixFileMode(entry)}");
                }
            }
            catch (FileNotFoundException)
            {
                // Removed while we looked (a snapshot's temporary file, a database's -shm at close).
            }
        }

        Assert.True(exposed.Count == 0, $"not its owner's only: {string.Join(", ", exposed)}");
    }
}
