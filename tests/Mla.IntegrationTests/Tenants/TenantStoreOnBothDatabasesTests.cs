using Microsoft.Extensions.Logging.Abstractions;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.IntegrationTests.Fixtures;
using Mla.Storage;
using Mla.Tenants.Store;
using Mla.Tenants;
using Mla.TestSupport.Postgres;

namespace Mla.IntegrationTests.Tenants;

/// <summary>The same tenant store behaviour on SQLite and on a real PostgreSQL, including migrations run twice.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantStoreOnBothDatabasesTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => new("sqlite", "postgres");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Tenants_overrides_certificates_and_tokens_round_trip(string provider)
    {
        var (database, cleanup) = await CreateAsync(provider);
        try
        {
            await new TenantsMigrator(database, NullLogger<TenantsMigrator>.Instance).StartAsync(default);
            await new TenantsMigrator(database, NullLogger<TenantsMigrator>.Instance).StartAsync(default);
            var store = new SqlTenantStore(database);
            var limits = new TenantLimits(MonitoringLimits.Defaults with { IngestionRate = 5 }, LoggingLimits.Defaults);

            await store.SaveAsync(new TenantRecord("c1", "c1", "eu", "p1", TenantStatus.Ready, limits, T0, T0), default);
            await store.SaveAsync(new TenantRecord("c2", "c2", "us", "p2", TenantStatus.Deleted, limits, T0, T0) { LastDeprovisionedAt = T0.AddSeconds(-3) }, default);
            await store.SaveAsync(new TenantRecord("c1", "c1", "eu", "p9", TenantStatus.Ready, limits, T0, T0.AddSeconds(1)), default);

            var c1 = await store.GetAsync("c1", default);
            Assert.Equal(("p9", T0.AddSeconds(1)), (c1!.ProjectId, c1.ObservedAt));
            Assert.Equal(limits, c1.Limits);
            Assert.Null(await store.GetAsync("nope", default));
            Assert.Null(c1.LastDeprovisionedAt);
            Assert.Equal(T0.AddSeconds(-3), (await store.GetAsync("c2", default))!.LastDeprovisionedAt);
            Assert.Equal(["c1"], (await store.ListAsync(new TenantQuery(Seed: "eu"), default)).Select(t => t.Id));
            Assert.Equal(["c2"], (await store.ListAsync(new TenantQuery(Status: TenantStatus.Deleted), default)).Select(t => t.Id));
            Assert.Equal(["c2"], (await store.ListAsync(new TenantQuery(ProjectId: "p2"), default)).Select(t => t.Id));
            Assert.Equal(1, await store.CountAsync(TenantStatus.Ready, default));

            await store.SaveOverridesAsync(new LimitOverrides("c1", limits.Monitoring, limits.Logging, T0), default);
            Assert.Equal(5, (await store.GetOverridesAsync("c1", default))!.Monitoring.IngestionRate);

            await store.AddCertificateAsync(new CertificateRecord("01", "c1", "eu", "pem", "sealed", T0, T0.AddDays(90), null), default);
            await store.AddCertificateAsync(new CertificateRecord("02", "c1", "eu", "pem", "sealed", T0.AddDays(60), T0.AddDays(150), null), default);
            Assert.Equal(["02", "01"], (await store.ListCertificatesAsync("c1", default)).Select(c => c.Serial));
            Assert.Equal(["02", "01"], (await store.ListCertificatesAsync(new TenantQuery(Seed: "eu", Status: TenantStatus.Ready), default)).Select(c => c.Serial));
            Assert.Empty(await store.ListCertificatesAsync(new TenantQuery(Seed: "us"), default));
            Assert.Equal(2, await store.RevokeCertificatesAsync("c1", T0.AddDays(70), default));
            Assert.Equal(0, await store.RevokeCertificatesAsync("c1", T0.AddDays(71), default));
            Assert.All(await store.ListCertificatesAsync("c1", default), c => Assert.Equal(T0.AddDays(70), c.RevokedAt));

            Assert.True(await store.AddTokenAsync(new TokenRecord("c1", "sha-1", "sealed-token-1", T0), default));
            Assert.False(await store.AddTokenAsync(new TokenRecord("c1", "sha-2", "sealed-token-2", T0), default));
            Assert.Equal(["c1"], (await store.ListTokensAsync(new TenantQuery(Status: TenantStatus.Ready), default)).Select(t => t.TenantId));
            Assert.Empty(await store.ListTokensAsync(new TenantQuery(Status: TenantStatus.Deleted), default));
            Assert.Equal(("sha-1", "sealed-token-1"), ((await store.GetTokenAsync("c1", default))!.Sha256, (await store.GetTokenAsync("c1", default))!.EncryptedToken));
            Assert.True(await store.DeleteTokenAsync("c1", default));
            Assert.False(await store.DeleteTokenAsync("c1", default));
            Assert.Null(await store.GetTokenAsync("c1", default));
        }
        finally
        {
            cleanup();
        }
    }

    private async Task<(SqlDatabase Database, Action Cleanup)> CreateAsync(string provider)
    {
        if (provider == "postgres")
        {
            return (SqlDatabase.Create(new TenantsOptions { ConnectionString = await postgres.CreateDatabaseAsync() }), () => { });
        }

        var directory = Directory.CreateTempSubdirectory("mla-tenants-store-").FullName;
        return (SqlDatabase.Create(new TenantsOptions { SqlitePath = Path.Combine(directory, "tenants.db") }), () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        });
    }
}
