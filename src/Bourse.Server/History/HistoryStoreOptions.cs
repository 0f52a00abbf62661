using Bourse.Store;

namespace Bourse.Server.History;

/// <summary>Where order, trade, ledger and kline history is kept. Section <c>Bourse:Store</c>.</summary>
public sealed class HistoryStoreOptions
{
    public const string Section = "Bourse:Store";

    /// <summary><c>sqlite</c> (a file in the data directory) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = HistoryStores.Sqlite;

    /// <summary>Optional for SQLite (defaults to history.db in the data directory); required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }
}
