namespace Bourse.Store;

/// <summary>One named, append-only schema change. Never edit a migration that has shipped; add a new one.</summary>
public sealed record SchemaMigration(string Name, string Sql);

/// <summary>
/// Applies migrations in order, each in its own transaction with its name recorded in <c>schema_migrations</c>, so a
/// database is brought forward from whatever version it is at. The DDL itself is idempotent (IF NOT EXISTS) in case two
/// processes (the server and a CLI command) migrate at once.
/// </summary>
public static class SchemaMigrations
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name TEXT PRIMARY KEY,
            applied_at BIGINT NOT NULL
        )
        """;

    public static void Apply(SqlDialect dialect, IEnumerable<SchemaMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(migrations);
        using var connection = dialect.Open();
        dialect.Prepare(connection);
        using (var create = new SqlStatement(connection, null, CreateTable))
        {
            create.Execute();
        }

        var applied = new HashSet<string>(StringComparer.Ordinal);
        using (var read = new SqlStatement(connection, null, "SELECT name FROM schema_migrations"))
        using (var reader = read.Read())
        {
            while (reader.Read())
            {
                applied.Add(reader.GetString(0));
            }
        }

        foreach (var migration in migrations.Where(m => !applied.Contains(m.Name)))
        {
            using var transaction = connection.BeginTransaction();
            using (var change = new SqlStatement(connection, transaction, migration.Sql))
            {
                change.Execute();
            }

            using (var record = new SqlStatement(connection, transaction,
                "INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at) ON CONFLICT (name) DO NOTHING"))
            {
                record.Set("@name", migration.Name).Set("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Execute();
            }

            transaction.Commit();
        }
    }
}
