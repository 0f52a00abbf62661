using System.Data.Common;

namespace Bourse.Store;

/// <summary>A command prepared once per transaction and run once per row with new parameter values.</summary>
public sealed class SqlStatement : IDisposable
{
    private readonly DbCommand _command;
    private readonly Dictionary<string, DbParameter> _parameters = [];

    public SqlStatement(DbConnection connection, DbTransaction? transaction, string sql)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
    }

    public SqlStatement Set(string name, object? value)
    {
        if (!_parameters.TryGetValue(name, out var parameter))
        {
            parameter = _command.CreateParameter();
            parameter.ParameterName = name;
            _command.Parameters.Add(parameter);
            _parameters[name] = parameter;
        }

        parameter.Value = value ?? DBNull.Value;
        return this;
    }

    public int Execute() => _command.ExecuteNonQuery();

    public object? Scalar() => _command.ExecuteScalar();

    public DbDataReader Read() => _command.ExecuteReader();

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) => _command.ExecuteNonQueryAsync(cancellationToken);

    public Task<object?> ScalarAsync(CancellationToken cancellationToken) => _command.ExecuteScalarAsync(cancellationToken);

    public Task<DbDataReader> ReadAsync(CancellationToken cancellationToken) => _command.ExecuteReaderAsync(cancellationToken);

    /// <summary>Runs the query and maps every row, awaiting the database instead of blocking the calling thread.</summary>
    public async Task<List<T>> ReadAllAsync<T>(Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        var reader = await _command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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

    public void Dispose() => _command.Dispose();
}
