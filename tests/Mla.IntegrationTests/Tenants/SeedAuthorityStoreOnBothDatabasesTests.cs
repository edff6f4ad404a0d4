using Microsoft.Extensions.Logging.Abstractions;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.IntegrationTests.Fixtures;
using Mla.Storage;
using Mla.Tenants;
using Mla.Tenants.Authorities;
using Mla.Tenants.Store;
using Mla.TestSupport.Postgres;

namespace Mla.IntegrationTests.Tenants;

/// <summary>
/// Seed CA generations and rotations on SQLite and a real PostgreSQL: the migration from one CA per seed keeps the
/// existing CA (generation 1) and certificates, one running rotation per seed, saves that never move a rotation back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SeedAuthorityStoreOnBothDatabasesTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => new("sqlite", "postgres");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_migration_keeps_the_seeds_CA_as_generation_one_and_its_certificates_as_issued_by_it(string provider)
    {
        var (database, cleanup) = await CreateAsync(provider);
        try
        {
            // The schema as it was before rotations, with a seed CA and a certificate in it.
            await SqlMigrator.MigrateAsync(database, "tenants", [.. TenantsMigrations.Steps.Where(s => s.Version <= 3)], NullLogger.Instance, default);
            await ExecuteAsync(database, "INSERT INTO seed_authorities (seed, certificate_pem, encrypted_key, created_at_ms) VALUES ('eu', 'pem-eu', 'sealed-eu', 1000)");
            await ExecuteAsync(
                database,
                """
                INSERT INTO tenant_certificates (serial, tenant_id, seed, certificate_pem, encrypted_key, issued_at_ms, not_after_ms, revoked_at_ms)
                VALUES ('01', 'c1', 'eu', 'pem', 'sealed', 1000, 2000, NULL)
                """);

            await new TenantsMigrator(database, NullLogger<TenantsMigrator>.Instance).StartAsync(default);
            await new TenantsMigrator(database, NullLogger<TenantsMigrator>.Instance).StartAsync(default);

            var authorities = new SqlSeedAuthorityStore(database);
            var eu = Assert.Single(await authorities.ListAsync("eu", default));
            Assert.Equal(new AuthorityRecord("eu", 1, "pem-eu", "sealed-eu", AuthorityState.Active, DateTimeOffset.FromUnixTimeMilliseconds(1000)), eu);
            Assert.Equal(1, Assert.Single(await new SqlTenantStore(database).ListCertificatesAsync("c1", default)).AuthorityGeneration);
        }
        finally
        {
            cleanup();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generations_certificates_and_rotations_round_trip(string provider)
    {
        var (database, cleanup) = await CreateAsync(provider);
        try
        {
            await new TenantsMigrator(database, NullLogger<TenantsMigrator>.Instance).StartAsync(default);
            var authorities = new SqlSeedAuthorityStore(database);
            var tenants = new SqlTenantStore(database);
            var limits = new TenantLimits(MonitoringLimits.Defaults, LoggingLimits.Defaults);
            await tenants.SaveAsync(new TenantRecord("c1", "c1", "eu", "p1", TenantStatus.Ready, limits, T0, T0), default);

            Assert.True(await authorities.AddAsync(new AuthorityRecord("eu", 1, "pem-1", "sealed-1", AuthorityState.Active, T0), default));
            Assert.False(await authorities.AddAsync(new AuthorityRecord("eu", 1, "pem-x", "sealed-x", AuthorityState.Active, T0), default));
            Assert.True(await authorities.AddAsync(new AuthorityRecord("eu", 2, "pem-2", "sealed-2", AuthorityState.Active, T0.AddDays(1)), default));
            Assert.True(await authorities.AddAsync(new AuthorityRecord("us", 1, "pem-us", "sealed-us", AuthorityState.Active, T0), default));
            Assert.True(await authorities.SetStateAsync("eu", 1, AuthorityState.Retiring, null, default));
            Assert.False(await authorities.SetStateAsync("eu", 1, AuthorityState.Retiring, null, default));
            Assert.True(await authorities.SetStateAsync("eu", 1, AuthorityState.Retired, T0.AddDays(2), default));
            Assert.Equal(
                [("eu", 2, AuthorityState.Active, (DateTimeOffset?)null), ("eu", 1, AuthorityState.Retired, T0.AddDays(2)), ("us", 1, AuthorityState.Active, null)],
                (await authorities.ListAsync(null, default)).Select(a => (a.Seed, a.Generation, a.State, a.RetiredAt)));

            // Same issue time: the newer generation comes first; revocation below a generation leaves the newer one.
            await tenants.AddCertificateAsync(new CertificateRecord("01", "c1", "eu", "pem", "sealed", T0, T0.AddDays(90), null), default);
            await tenants.AddCertificateAsync(new CertificateRecord("02", "c1", "eu", "pem", "sealed", T0, T0.AddDays(90), null) { AuthorityGeneration = 2 }, default);
            Assert.Equal([("02", 2), ("01", 1)], (await tenants.ListSeedCertificatesAsync("eu", default)).Select(c => (c.Serial, c.AuthorityGeneration)));
            Assert.Empty(await tenants.ListSeedCertificatesAsync("us", default));
            Assert.Equal(1, await tenants.RevokeCertificatesBelowGenerationAsync("c1", 2, T0.AddDays(3), default));
            Assert.Equal(0, await tenants.RevokeCertificatesBelowGenerationAsync("c1", 2, T0.AddDays(4), default));
            Assert.Equal([("02", (DateTimeOffset?)null), ("01", T0.AddDays(3))], (await tenants.ListCertificatesAsync("c1", default)).Select(c => (c.Serial, c.RevokedAt)));

            var rotation = new CaRotationRecord("r1", "eu", 2, 3, CaRotationState.Reissuing, 0, 0, T0, T0);
            Assert.True(await authorities.TryAddRotationAsync(rotation, default));
            Assert.False(await authorities.TryAddRotationAsync(rotation with { Id = "r2" }, default));
            Assert.True(await authorities.TryAddRotationAsync(rotation with { Id = "r3", Seed = "us" }, default));
            var draining = rotation with { State = CaRotationState.Draining, TenantsTotal = 4, TenantsReissued = 4, UpdatedAt = T0.AddSeconds(1), DrainAfter = T0.AddHours(1) };
            Assert.True(await authorities.SaveRotationAsync(draining, T0, default));
            Assert.False(await authorities.SaveRotationAsync(rotation with { TenantsTotal = 9, UpdatedAt = T0.AddSeconds(2) }, T0, default));
            Assert.Equal(draining, await authorities.GetRotationAsync("r1", default));
            var completed = draining with { State = CaRotationState.Completed, UpdatedAt = T0.AddHours(2), FinishedAt = T0.AddHours(2) };
            Assert.True(await authorities.SaveRotationAsync(completed, draining.UpdatedAt, default));
            Assert.False(await authorities.SaveRotationAsync(completed with { State = CaRotationState.Draining, FinishedAt = null }, completed.UpdatedAt, default));
            Assert.Equal(["r3"], (await authorities.ListRotationsAsync(null, runningOnly: true, default)).Select(r => r.Id));
            Assert.True(await authorities.TryAddRotationAsync(rotation with { Id = "r4", StartedAt = T0.AddDays(1), UpdatedAt = T0.AddDays(1) }, default));
            Assert.Equal(["r4", "r1"], (await authorities.ListRotationsAsync("eu", runningOnly: false, default)).Select(r => r.Id));
            Assert.Null(await authorities.GetRotationAsync("nope", default));
        }
        finally
        {
            cleanup();
        }
    }

    private static async Task ExecuteAsync(SqlDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<(SqlDatabase Database, Action Cleanup)> CreateAsync(string provider)
    {
        if (provider == "postgres")
        {
            return (SqlDatabase.Create(new TenantsOptions { ConnectionString = await postgres.CreateDatabaseAsync() }), () => { });
        }

        var directory = Directory.CreateTempSubdirectory("mla-seed-cas-").FullName;
        return (SqlDatabase.Create(new TenantsOptions { SqlitePath = Path.Combine(directory, "tenants.db") }), () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        });
    }
}
