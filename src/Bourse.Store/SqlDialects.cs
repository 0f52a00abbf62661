namespace Bourse.Store;

/// <summary>Opens the configured database: SQLite in the data directory unless told otherwise.</summary>
public static class SqlDialects
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>
    /// The dialect for <paramref name="provider"/>; SQLite without a connection string uses <paramref name="sqliteFile"/>
    /// in the data directory. An unknown provider or a missing PostgreSQL connection string throws.
    /// </summary>
    public static SqlDialect Open(string? provider, string? connectionString, string dataDirectory, string sqliteFile) =>
        (provider ?? Sqlite).ToLowerInvariant() switch
        {
            Sqlite => string.IsNullOrEmpty(connectionString) ? SqliteDialect.InDirectory(dataDirectory, sqliteFile) : new SqliteDialect(connectionString),
            Postgres or "postgresql" => new PostgresDialect(!string.IsNullOrEmpty(connectionString)
                ? connectionString
                : throw new InvalidOperationException("Bourse:Store:ConnectionString is required for the postgres provider.")),
            _ => throw new InvalidOperationException($"Unknown Bourse:Store:Provider '{provider}': use sqlite or postgres."),
        };
}
