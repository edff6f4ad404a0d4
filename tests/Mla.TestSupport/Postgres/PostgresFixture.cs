using Xunit;

namespace Mla.TestSupport.Postgres;

/// <summary>
/// One PostgreSQL server shared by the tests of a class or collection (<c>IClassFixture&lt;PostgresFixture&gt;</c>,
/// or the <c>PostgresCollection</c> of the integration tests). Each test takes its own database with
/// <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    /// <summary>The maintenance database (<c>postgres</c>) as a superuser: prefer <see cref="CreateDatabaseAsync"/>.</summary>
    public string ConnectionString => Server.ConnectionString;

    public string Description => Server.Description;

    /// <summary>A connection string to a new, empty database of its own.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default) => Server.CreateDatabaseAsync(cancellationToken);

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
