using Microsoft.Extensions.Configuration;

namespace Bourse.Server.Tests;

/// <summary>
/// The identity database's settings: its own section when it names a provider, else the history store's, so a
/// deployment configured before identity had settings of its own keeps its identity tables where they were.
/// </summary>
public sealed class IdentityStoreOptionsTests
{
    [Fact]
    public void With_nothing_set_identity_uses_sqlite_in_the_data_directory()
    {
        var options = IdentityStoreOptions.From(Settings());

        Assert.Null(options.Provider);
        Assert.Null(options.ConnectionString);
    }

    [Fact]
    public void Without_its_own_provider_identity_follows_the_history_store()
    {
        var options = IdentityStoreOptions.From(Settings(("Bourse:Store:Provider", "postgres"), ("Bourse:Store:ConnectionString", "Host=history")));

        Assert.Equal(("postgres", "Host=history"), (options.Provider, options.ConnectionString));
    }

    [Fact]
    public void Its_own_provider_wins_over_the_history_store()
    {
        var options = IdentityStoreOptions.From(Settings(
            ("Bourse:Store:Provider", "postgres"), ("Bourse:Store:ConnectionString", "Host=history"),
            ("Bourse:Identity:Store:Provider", "postgres"), ("Bourse:Identity:Store:ConnectionString", "Host=identity")));

        Assert.Equal(("postgres", "Host=identity"), (options.Provider, options.ConnectionString));
        Assert.Null(IdentityStoreOptions.From(Settings(("Bourse:Store:Provider", "postgres"), ("Bourse:Store:ConnectionString", "Host=history"),
            ("Bourse:Identity:Store:Provider", "sqlite"))).ConnectionString);
    }

    [Fact]
    public void A_connection_string_without_a_provider_or_postgres_without_one_stops_the_start()
    {
        Assert.Throws<InvalidOperationException>(() => IdentityStoreOptions.From(Settings(("Bourse:Identity:Store:ConnectionString", "Host=identity"))));
        Assert.Throws<InvalidOperationException>(() => IdentityStoreOptions.From(Settings(("Bourse:Identity:Store:Provider", "postgres"))));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
