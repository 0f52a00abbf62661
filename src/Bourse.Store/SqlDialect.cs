using System.Data.Common;

namespace Bourse.Store;

/// <summary>
/// What differs between the databases behind <see cref="SqlHistoryStore"/>: how to connect and the few functions
/// whose names differ. Schema, upserts (<c>INSERT … ON CONFLICT</c>) and queries are shared text.
/// </summary>
public abstract class SqlDialect : IDisposable
{
    public abstract string Provider { get; }

    /// <summary>The larger of two values in one row (SQLite's scalar MAX, PostgreSQL's GREATEST).</summary>
    public abstract string Greatest { get; }

    /// <summary>The smaller of two values in one row (SQLite's scalar MIN, PostgreSQL's LEAST).</summary>
    public abstract string Least { get; }

    /// <summary>A column definition for a generated 64-bit primary key (read it back with <c>RETURNING</c>).</summary>
    public abstract string GeneratedKey { get; }

    /// <summary>An open connection, with whatever per-connection settings the database needs.</summary>
    public abstract DbConnection Open();

    /// <summary>An open connection without blocking the calling thread while it connects.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Runs once before the schema is created: database-wide settings.</summary>
    public virtual void Prepare(DbConnection connection)
    {
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
