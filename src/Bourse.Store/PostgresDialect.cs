using System.Data.Common;
using Npgsql;

namespace Bourse.Store;

/// <summary>PostgreSQL through one pooled Npgsql data source.</summary>
public sealed class PostgresDialect(string connectionString) : SqlDialect
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string Provider => "postgres";

    public override string Greatest => "GREATEST";

    public override string Least => "LEAST";

    public override DbConnection Open() => _dataSource.OpenConnection();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dataSource.Dispose();
        }
    }
}
