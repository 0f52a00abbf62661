namespace Bourse.Store.Tests;

/// <summary>One PostgreSQL server for every store test class.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
