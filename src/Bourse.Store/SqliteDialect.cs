using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Bourse.Store;

/// <summary>
/// SQLite, the default: one file in the data directory in WAL mode, so readers never wait for the writer.
/// synchronous=NORMAL may lose the last transactions on power loss, never on a process crash; either way the
/// checkpoint goes with them and the engine replays those commands from its log at the next start.
/// </summary>
public sealed class SqliteDialect(string connectionString) : SqlDialect
{
    /// <summary>
    /// The database file <paramref name="fileName"/> in the data directory, created empty and owner-only (0600) when
    /// missing: SQLite would create it readable by all, and gives its -wal and -shm files the database file's mode.
    /// </summary>
    public static SqliteDialect InDirectory(string dataDirectory, string fileName = "history.db")
    {
        var path = Path.Combine(dataDirectory, fileName);
        if (!OperatingSystem.IsWindows() && !File.Exists(path))
        {
            try
            {
                // An empty file is an empty SQLite database.
                using var created = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (the server and the apikey command starting together) created it first.
            }
        }

        return new(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
    }

    public override string Provider => "sqlite";

    public override string Greatest => "MAX";

    public override string Least => "MIN";

    public override string GeneratedKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override void Prepare(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        pragma.ExecuteNonQuery();
    }
}
