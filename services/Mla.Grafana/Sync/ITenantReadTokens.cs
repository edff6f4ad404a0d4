namespace Mla.Grafana.Sync;

/// <summary>The read tokens datasources carry: a tenant's (its cluster's datasources) and a seed's admin token (the admin org).</summary>
public interface ITenantReadTokens
{
    /// <summary>The tenant's read token; null while it has none (not Ready yet).</summary>
    Task<string?> GetTenantTokenAsync(string tenantId, CancellationToken cancellationToken);

    Task<string?> GetSeedAdminTokenAsync(string seed, CancellationToken cancellationToken);
}
