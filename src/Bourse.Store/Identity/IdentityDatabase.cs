using System.Data.Common;

namespace Bourse.Store.Identity;

/// <summary>
/// The database holding users, sessions, API keys, the audit log and the email outbox: identity.db in the data
/// directory for SQLite, or the PostgreSQL database configured for it. Named so it is never confused with the
/// history store's connection. Each call opens a pooled connection. Request paths use the async calls; the
/// synchronous ones remain for the command line and start-up work.
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

    /// <summary>Runs a statement; returns the number of rows changed.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await Dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var statement = Bind(new SqlStatement(connection, null, sql), parameters);
            return await statement.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
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

    /// <summary>Runs a query and maps every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        var connection = await Dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var statement = Bind(new SqlStatement(connection, null, sql), parameters);
            var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }

                return rows;
            }
        }
    }

    /// <summary>The first row mapped, or the default when there is none.</summary>
    public T? QueryFirst<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        var rows = Query(sql, map, parameters);
        return rows.Count > 0 ? rows[0] : default;
    }

    /// <summary>The first row mapped, or the default when there is none.</summary>
    public async Task<T?> QueryFirstAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var rows = await QueryAsync(sql, map, cancellationToken, parameters).ConfigureAwait(false);
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
