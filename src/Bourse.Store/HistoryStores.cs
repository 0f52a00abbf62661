namespace Bourse.Store;

/// <summary>Opens the configured history store: SQLite in the data directory unless told otherwise.</summary>
public static class HistoryStores
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Opens the store and creates its schema; an unknown provider or a missing PostgreSQL connection string throws.</summary>
    public static IHistoryStore Open(string? provider, string? connectionString, string dataDirectory)
    {
        SqlDialect dialect = (provider ?? Sqlite).ToLowerInvariant() switch
        {
            Sqlite => string.IsNullOrEmpty(connectionString) ? SqliteDialect.InDirectory(dataDirectory) : new SqliteDialect(connectionString),
            Postgres or "postgresql" => new PostgresDialect(!string.IsNullOrEmpty(connectionString)
                ? connectionString
                : throw new InvalidOperationException("Bourse:Store:ConnectionString is required for the postgres provider.")),
            _ => throw new InvalidOperationException($"Unknown Bourse:Store:Provider '{provider}': use sqlite or postgres."),
        };
        var store = new SqlHistoryStore(dialect);
        store.EnsureSchema();
        return store;
    }
}
