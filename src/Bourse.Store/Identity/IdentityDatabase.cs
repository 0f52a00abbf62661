namespace Bourse.Store.Identity;

/// <summary>
/// The database holding users, sessions, API keys, the audit log and the email outbox: identity.db in the data
/// directory for SQLite, the same database as the history for PostgreSQL. Named so it is never confused with the
/// history store's connection.
/// </summary>
public sealed class IdentityDatabase(SqlDialect dialect) : IDisposable
{
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Opens the configured database and brings its schema up to date.</summary>
    public static IdentityDatabase Open(string? provider, string? connectionString, string dataDirectory) =>
        new(IdentitySchema.Open(provider, connectionString, dataDirectory));

    public void Dispose() => Dialect.Dispose();
}
