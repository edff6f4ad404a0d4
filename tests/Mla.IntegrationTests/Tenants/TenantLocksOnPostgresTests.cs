using Mla.Storage.Locks;
using Mla.Contracts.Clusters;
using Mla.IntegrationTests.Fixtures;
using Mla.Storage;
using Mla.Tenants;
using Mla.Tenants.Reconciliation;
using Mla.TestSupport.Postgres;

namespace Mla.IntegrationTests.Tenants;

/// <summary>
/// Two tenant-service replicas (two lock instances, each with its own in-process lock) on one real PostgreSQL:
/// one tenant's work never overlaps across them, other tenants are not held up, a dead replica's lock goes away.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantLocksOnPostgresTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_tenant_locked_by_one_replica_waits_in_the_other_until_released_and_other_tenants_do_not_wait()
    {
        var database = SqlDatabase.Create(new TenantsOptions { ConnectionString = await postgres.CreateDatabaseAsync() });
        using var localA = new StripedLock();
        using var localB = new StripedLock();
        var replicaA = new PostgresTenantLocks(localA, database);
        var replicaB = new PostgresTenantLocks(localB, database);

        var held = await replicaA.AcquireAsync("t1", default);
        var waiting = replicaB.AcquireAsync("t1", default);
        await using (await replicaB.AcquireAsync("t2", default).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            await Task.Delay(500);
            Assert.False(waiting.IsCompleted, "replica B got t1 while replica A holds it");
        }

        await held.DisposeAsync();
        await using (await waiting.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.True(waiting.IsCompletedSuccessfully);
        }
    }

    [Fact]
    public async Task The_tenant_service_on_PostgreSQL_locks_across_replicas_and_provisions()
    {
        await using var app = await TenantsTestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            ["Mla:Tenants:ConnectionString"] = await postgres.CreateDatabaseAsync(),
        });
        Assert.IsType<PostgresTenantLocks>(app.Service<ITenantLocks>());
        var cluster = new ClusterState("pg" + Guid.NewGuid().ToString("N")[..8], "pg", "eu-1", "p1", "Running", true, false, new Dictionary<string, string>());

        await app.Bus.Publish(new ClusterCreated(Guid.NewGuid().ToString(), "urn:test", DateTimeOffset.UtcNow, cluster));

        await app.WaitForStatusAsync(cluster.Id, "Ready");
    }

    [Fact]
    public async Task A_lock_of_a_replica_that_goes_away_is_released_with_its_session()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var database = SqlDatabase.Create(new TenantsOptions { ConnectionString = connectionString });
        using var local = new StripedLock();
        var survivor = new PostgresTenantLocks(local, database);

        // The "dead" replica: a session that takes the lock and is then closed without unlocking.
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_lock({PostgresTenantLocks.KeyOf("t1")})";
            await command.ExecuteNonQueryAsync();
            var blocked = survivor.AcquireAsync("t1", default);
            await Task.Delay(300);
            Assert.False(blocked.IsCompleted);
            await connection.CloseAsync();
            await using (await blocked.WaitAsync(TimeSpan.FromSeconds(10)))
            {
            }
        }
    }
}
