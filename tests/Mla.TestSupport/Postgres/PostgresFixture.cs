using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Postgres;

/// <summary>
/// One PostgreSQL server shared by the tests of a class or collection (<c>IClassFixture&lt;PostgresFixture&gt;</c>,
/// or the <c>PostgresCollection</c> of the integration tests). Each test takes its own database with
/// <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : ServerFixture<PostgresServer>
{
    /// <summary>The maintenance database (<c>postgres</c>) as a superuser: prefer <see cref="CreateDatabaseAsync"/>.</summary>
    public string ConnectionString => Server.ConnectionString;

    public string Description => Server.Description;

    /// <summary>A connection string to a new, empty database of its own.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default) => Server.CreateDatabaseAsync(cancellationToken);

    protected override Task<PostgresServer> StartServerAsync() => PostgresServer.StartAsync();
}
