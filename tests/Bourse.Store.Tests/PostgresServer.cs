using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Bourse.Store.Tests;

/// <summary>
/// A real PostgreSQL server for the test run: a throwaway cluster (initdb) started on a free loopback port, stopped
/// and deleted at the end. PostgreSQL refuses to run as root, so under root the cluster belongs to "nobody". A
/// machine without PostgreSQL fails these tests: test.sh installs it.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _directory;
    private readonly string _binaries;
    private int _databases;

    public PostgresServer()
    {
        _binaries = FindBinaries();
        _directory = Directory.CreateTempSubdirectory("bourse-pg-").FullName;
        var data = Path.Combine(_directory, "data");
        Port = FreePort();
        if (Environment.UserName == "root")
        {
            Run("chown", "-R", "nobody", _directory);
        }

        Postgres("initdb", "-D", data, "-U", "bourse", "--auth=trust", "--no-sync", "-E", "UTF8");
        Start();
    }

    public int Port { get; }

    /// <summary>A new, empty database on the server; each test gets its own.</summary>
    public string CreateDatabase()
    {
        var name = $"history_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return ConnectionString(name);
    }

    /// <summary>Starts the server (again, after <see cref="Stop"/>) on the same port and data, and waits until it accepts connections.</summary>
    public void Start() =>
        Postgres("pg_ctl", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -h 127.0.0.1 -k {_directory} -c fsync=off -c full_page_writes=off", "start");

    /// <summary>Stops the server at once, as a crash or an outage would (open connections are cut).</summary>
    public void Stop()
    {
        Postgres("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        NpgsqlConnection.ClearAllPools();
    }

    public void Dispose()
    {
        try
        {
            Postgres("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "bourse", Database = database, Pooling = true }.ToString();

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var versions = Directory.Exists(root) ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "bin", "initdb"))).ToList() : [];
        return versions.Count > 0
            ? Path.Combine(versions.OrderByDescending(v => v, StringComparer.Ordinal).First(), "bin")
            : throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql.");
    }

    private void Postgres(string tool, params string[] arguments)
    {
        var path = Path.Combine(_binaries, tool);
        if (Environment.UserName == "root")
        {
            Run("runuser", ["-u", "nobody", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 90 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
