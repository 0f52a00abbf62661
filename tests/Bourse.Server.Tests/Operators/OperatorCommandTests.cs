using Bourse.Store.Identity;

namespace Bourse.Server.Tests.Operators;

/// <summary><c>bourse admin create|list</c> and <c>bourse audit verify</c> as an operator runs them on the server's machine.</summary>
public sealed class OperatorCommandTests
{
    [Fact]
    public async Task Admin_create_prints_a_setup_link_and_audit_verify_finds_a_tampered_entry()
    {
        using var directory = new TempDirectory();
        var data = System.IO.Path.Combine(directory.Path, "data");

        var usage = await ServerProcess.RunAsync(directory.Path, "admin", "create", "--data-dir", data);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("create needs --email", usage.StandardError, StringComparison.Ordinal);
        var refused = await ServerProcess.RunAsync(directory.Path, "admin", "create", "--email", "root@example.com", "--roles", "root", "--data-dir", data);
        Assert.Equal(1, refused.ExitCode);

        var created = await ServerProcess.RunAsync(directory.Path, "admin", "create", "--email", "root@example.com", "--data-dir", data,
            "--Bourse:PublicUrl", "https://exchange.example.com");
        Assert.True(created.ExitCode == 0, created.StandardError);
        Assert.Matches(@"setup link \(works once, for 24 hours\): https://exchange\.example\.com/admin/setup\?token=[A-Za-z0-9_-]{43}", created.StandardOutput);
        var again = await ServerProcess.RunAsync(directory.Path, "admin", "create", "--email", "ops@example.com", "--roles", "support,listing", "--data-dir", data);
        Assert.Equal(0, again.ExitCode);

        var list = await ServerProcess.RunAsync(directory.Path, "admin", "list", "--data-dir", data);
        var lines = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\troot@example.com\tadmin\tactive\t", lines[0], StringComparison.Ordinal);
        Assert.Contains("\tops@example.com\tsupport,listing\tactive\t", lines[1], StringComparison.Ordinal);

        var intact = await ServerProcess.RunAsync(directory.Path, "audit", "verify", "--data-dir", data);
        Assert.True(intact.ExitCode == 0, intact.StandardError);
        Assert.Contains("intact: 2 entries", intact.StandardOutput, StringComparison.Ordinal);

        using (var database = IdentityDatabase.Open("sqlite", null, data))
        {
            database.Execute("DROP TRIGGER operator_audit_no_update; UPDATE operator_audit SET after_state = '{\"roles\":[\"admin\"]}' WHERE id = 2");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var broken = await ServerProcess.RunAsync(directory.Path, "audit", "verify", "--data-dir", data);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken at entry 2", broken.StandardError, StringComparison.Ordinal);
    }
}
