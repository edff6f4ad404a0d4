using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Storage;

namespace Mla.Tenants.Store;

/// <summary>The tenant store in SQL that SQLite and PostgreSQL both run unchanged.</summary>
internal sealed class SqlTenantStore([FromKeyedServices(TenantsOptions.SectionName)] SqlDatabase database) : ITenantStore
{
    private const string TenantColumns = "id, cluster_id, seed, project_id, status, limits_json, status_changed_at_ms, observed_at_ms, last_deprovisioned_at_ms";
    private const string CertificateColumns = "serial, tenant_id, seed, certificate_pem, encrypted_key, issued_at_ms, not_after_ms, revoked_at_ms, ca_generation";
    private const string WriteTokens = "tenant_tokens";
    private const string ReadTokens = "tenant_read_tokens";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TenantRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TenantColumns} FROM tenants WHERE id = @id";
        command.AddParameter("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    public async Task<IReadOnlyList<TenantRecord>> ListAsync(TenantQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TenantColumns} FROM tenants t WHERE {Filter(command, query)} ORDER BY id";
        var tenants = new List<TenantRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(ReadTenant(reader));
        }

        return tenants;
    }

    public async Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(TenantQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {string.Join(", ", CertificateColumns.Split(", ").Select(c => "c." + c))}
            FROM tenant_certificates c JOIN tenants t ON t.id = c.tenant_id
            WHERE {Filter(command, query)}
            ORDER BY c.tenant_id, c.issued_at_ms DESC, c.ca_generation DESC, c.serial
            """;
        return await ReadCertificatesAsync(command, cancellationToken);
    }

    public Task<IReadOnlyList<TokenRecord>> ListTokensAsync(TenantQuery query, CancellationToken cancellationToken) =>
        ListTokensAsync(WriteTokens, query, cancellationToken);

    public Task<IReadOnlyList<TokenRecord>> ListReadTokensAsync(TenantQuery query, CancellationToken cancellationToken) =>
        ListTokensAsync(ReadTokens, query, cancellationToken);

    private async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string table, TenantQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT k.tenant_id, k.token_sha256, k.encrypted_token, k.issued_at_ms
            FROM {table} k JOIN tenants t ON t.id = k.tenant_id
            WHERE {Filter(command, query)}
            """;
        var tokens = new List<TokenRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(ReadToken(reader));
        }

        return tokens;
    }

    public async Task SaveAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            INSERT INTO tenants ({TenantColumns}) VALUES (@id, @cluster, @seed, @project, @status, @limits, @changed, @observed, @deprovisioned)
            ON CONFLICT (id) DO UPDATE SET
                cluster_id = excluded.cluster_id, seed = excluded.seed, project_id = excluded.project_id,
                status = excluded.status, limits_json = excluded.limits_json,
                status_changed_at_ms = excluded.status_changed_at_ms, observed_at_ms = excluded.observed_at_ms,
                last_deprovisioned_at_ms = excluded.last_deprovisioned_at_ms
            """;
        command.AddParameter("@id", tenant.Id);
        command.AddParameter("@cluster", tenant.ClusterId);
        command.AddParameter("@seed", tenant.Seed);
        command.AddParameter("@project", tenant.ProjectId);
        command.AddParameter("@status", tenant.Status.ToString());
        command.AddParameter("@limits", JsonSerializer.Serialize(tenant.Limits, Json));
        command.AddParameter("@changed", tenant.StatusChangedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@observed", tenant.ObservedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@deprovisioned", tenant.LastDeprovisionedAt?.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<LimitOverrides?> GetOverridesAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT cluster_id, monitoring_json, logging_json, occurred_at_ms FROM limit_overrides WHERE cluster_id = @id";
        command.AddParameter("@id", clusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LimitOverrides(
                reader.GetString(0),
                JsonSerializer.Deserialize<MonitoringLimits>(reader.GetString(1), Json)!,
                JsonSerializer.Deserialize<LoggingLimits>(reader.GetString(2), Json)!,
                reader.GetTime(3))
            : null;
    }

    public async Task SaveOverridesAsync(LimitOverrides limitOverrides, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO limit_overrides (cluster_id, monitoring_json, logging_json, occurred_at_ms) VALUES (@id, @m, @l, @t)
            ON CONFLICT (cluster_id) DO UPDATE SET
                monitoring_json = excluded.monitoring_json, logging_json = excluded.logging_json, occurred_at_ms = excluded.occurred_at_ms
            """;
        command.AddParameter("@id", limitOverrides.ClusterId);
        command.AddParameter("@m", JsonSerializer.Serialize(limitOverrides.Monitoring, Json));
        command.AddParameter("@l", JsonSerializer.Serialize(limitOverrides.Logging, Json));
        command.AddParameter("@t", limitOverrides.OccurredAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CertificateColumns} FROM tenant_certificates WHERE tenant_id = @id ORDER BY issued_at_ms DESC, ca_generation DESC, serial";
        command.AddParameter("@id", tenantId);
        return await ReadCertificatesAsync(command, cancellationToken);
    }

    public async Task AddCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO tenant_certificates ({CertificateColumns}) VALUES (@serial, @tenant, @seed, @pem, @key, @issued, @notAfter, @revoked, @generation)";
        command.AddParameter("@serial", certificate.Serial);
        command.AddParameter("@tenant", certificate.TenantId);
        command.AddParameter("@seed", certificate.Seed);
        command.AddParameter("@pem", certificate.CertificatePem);
        command.AddParameter("@key", certificate.EncryptedKey);
        command.AddParameter("@issued", certificate.IssuedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@notAfter", certificate.NotAfter.ToUnixTimeMilliseconds());
        command.AddParameter("@revoked", certificate.RevokedAt?.ToUnixTimeMilliseconds());
        command.AddParameter("@generation", certificate.AuthorityGeneration);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CertificateRecord>> ListSeedCertificatesAsync(string seed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CertificateColumns} FROM tenant_certificates WHERE seed = @seed ORDER BY tenant_id, issued_at_ms DESC, ca_generation DESC, serial";
        command.AddParameter("@seed", seed);
        return await ReadCertificatesAsync(command, cancellationToken);
    }

    public async Task<int> RevokeCertificatesAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE tenant_certificates SET revoked_at_ms = @at WHERE tenant_id = @id AND revoked_at_ms IS NULL";
        command.AddParameter("@id", tenantId);
        command.AddParameter("@at", at.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> RevokeCertificatesBelowGenerationAsync(string tenantId, int generation, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "UPDATE tenant_certificates SET revoked_at_ms = @at WHERE tenant_id = @id AND ca_generation < @generation AND revoked_at_ms IS NULL";
        command.AddParameter("@id", tenantId);
        command.AddParameter("@generation", generation);
        command.AddParameter("@at", at.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<TokenRecord?> GetTokenAsync(string tenantId, CancellationToken cancellationToken) => GetTokenAsync(WriteTokens, tenantId, cancellationToken);

    public Task<bool> AddTokenAsync(TokenRecord token, CancellationToken cancellationToken) => AddTokenAsync(WriteTokens, token, cancellationToken);

    public Task<bool> DeleteTokenAsync(string tenantId, CancellationToken cancellationToken) => DeleteTokenAsync(WriteTokens, tenantId, cancellationToken);

    public Task<TokenRecord?> GetReadTokenAsync(string tenantId, CancellationToken cancellationToken) => GetTokenAsync(ReadTokens, tenantId, cancellationToken);

    public Task<bool> AddReadTokenAsync(TokenRecord token, CancellationToken cancellationToken) => AddTokenAsync(ReadTokens, token, cancellationToken);

    public Task<bool> DeleteReadTokenAsync(string tenantId, CancellationToken cancellationToken) => DeleteTokenAsync(ReadTokens, tenantId, cancellationToken);

    private async Task<TokenRecord?> GetTokenAsync(string table, string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT tenant_id, token_sha256, encrypted_token, issued_at_ms FROM {table} WHERE tenant_id = @id";
        command.AddParameter("@id", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadToken(reader) : null;
    }

    private async Task<bool> AddTokenAsync(string table, TokenRecord token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO {table} (tenant_id, token_sha256, encrypted_token, issued_at_ms) VALUES (@id, @sha, @token, @t)
            ON CONFLICT (tenant_id) DO NOTHING
            """;
        command.AddParameter("@id", token.TenantId);
        command.AddParameter("@sha", token.Sha256);
        command.AddParameter("@token", token.EncryptedToken);
        command.AddParameter("@t", token.IssuedAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<bool> DeleteTokenAsync(string table, string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {table} WHERE tenant_id = @id";
        command.AddParameter("@id", tenantId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<int> CountAsync(TenantStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM tenants WHERE status = @status";
        command.AddParameter("@status", status.ToString());
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The WHERE condition of a tenant query on the tenants table aliased <c>t</c>, its parameters added.</summary>
    private static string Filter(DbCommand command, TenantQuery query)
    {
        var conditions = new List<string> { "1 = 1" };
        if (query.Seed is not null)
        {
            conditions.Add("t.seed = @seed");
            command.AddParameter("@seed", query.Seed);
        }

        if (query.ProjectId is not null)
        {
            conditions.Add("t.project_id = @project");
            command.AddParameter("@project", query.ProjectId);
        }

        if (query.Status is { } status)
        {
            conditions.Add("t.status = @status");
            command.AddParameter("@status", status.ToString());
        }

        return string.Join(" AND ", conditions);
    }

    private static async Task<IReadOnlyList<CertificateRecord>> ReadCertificatesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var certificates = new List<CertificateRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            certificates.Add(new CertificateRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetTime(5),
                reader.GetTime(6),
                reader.GetTimeOrNull(7))
            {
                AuthorityGeneration = reader.GetInt32(8),
            });
        }

        return certificates;
    }

    private static TokenRecord ReadToken(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetTime(3));

    private static TenantRecord ReadTenant(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        Enum.Parse<TenantStatus>(reader.GetString(4)),
        JsonSerializer.Deserialize<TenantLimits>(reader.GetString(5), Json)!,
        reader.GetTime(6),
        reader.GetTime(7))
    {
        LastDeprovisionedAt = reader.GetTimeOrNull(8),
    };
}
