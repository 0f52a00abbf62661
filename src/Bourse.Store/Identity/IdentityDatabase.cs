using System.Data.Common;

namespace Bourse.Store.Identity;

/// <summary>
/// The database holding users, sessions, API keys, the audit log and the email outbox: identity.db in the data
/// directory for SQLite, the same database as the history for PostgreSQL. Named so it is never confused with the
/// history store's connection. Each call opens a pooled connection; these are not hot-path queries.
/// </summary>
public sealed class IdentityDatabase(SqlDialect dialect) : IDisposable
{
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Opens the configured database and brings its schema up to date.</summary>
    public static IdentityDatabase Open(string? provider, string? connectionString, string dataDirectory) =>
        new(IdentitySchema.Open(provider, connectionString, dataDirectory));

    /// <summary>Runs a statement; returns the number of rows changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Dialect.Open();
        using var statement = Bind(new SqlStatement(connection, null, sql), parameters);
        return statement.Execute();
    }

    /// <summary>Runs a query and maps every row.</summary>
    public List<T> Query<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var connection = Dialect.Open();
        using var statement = Bind(new SqlStatement(connection, null, sql), parameters);
        using var reader = statement.Read();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The first row mapped, or the default when there is none.</summary>
    public T? QueryFirst<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        var rows = Query(sql, map, parameters);
        return rows.Count > 0 ? rows[0] : default;
    }

    public void Dispose() => Dialect.Dispose();

    private static SqlStatement Bind(SqlStatement statement, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            statement.Set(name, value);
        }

        return statement;
    }
}
