namespace Bourse.Server;

/// <summary>
/// Where users, sessions, API keys, the audit log and the email outbox are kept. Section <c>Bourse:Identity:Store</c>.
/// Left unset, identity follows <c>Bourse:Store</c> as it did before it had settings of its own: identity.db in the
/// data directory for SQLite, the history's database for PostgreSQL. Here rather than in a capability folder because
/// both the server and the <c>apikey</c> command line open this database.
/// </summary>
public sealed class IdentityStoreOptions
{
    public const string Section = "Bourse:Identity:Store";

    /// <summary>The history store's section, which identity follows when its own provider is unset.</summary>
    private const string HistorySection = "Bourse:Store";

    /// <summary><c>sqlite</c> (identity.db in the data directory) or <c>postgres</c>; unset follows <c>Bourse:Store:Provider</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>Optional for SQLite; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The settings the identity database opens with: this section when it names a provider, else the history store's.
    /// A connection string without a provider, or PostgreSQL without a connection string, stops the server at start.
    /// </summary>
    public static IdentityStoreOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var own = configuration.GetSection(Section).Get<IdentityStoreOptions>() ?? new IdentityStoreOptions();
        if (string.IsNullOrEmpty(own.Provider))
        {
            if (!string.IsNullOrEmpty(own.ConnectionString))
            {
                throw new InvalidOperationException($"{Section}:ConnectionString is set but {Section}:Provider is not: set it to sqlite or postgres.");
            }

            return configuration.GetSection(HistorySection).Get<IdentityStoreOptions>() ?? new IdentityStoreOptions();
        }

        if (own.Provider.ToLowerInvariant() is "postgres" or "postgresql" && string.IsNullOrEmpty(own.ConnectionString))
        {
            throw new InvalidOperationException($"{Section}:ConnectionString is required for the postgres provider.");
        }

        return own;
    }
}
