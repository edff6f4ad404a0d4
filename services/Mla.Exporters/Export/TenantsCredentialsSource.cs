using Mla.Tenants.Client;

namespace Mla.Exporters.Export;

/// <summary>Reads the tenant service's internal credentials endpoint (the only place a private key comes from).</summary>
internal sealed class TenantsCredentialsSource(IServiceProvider services) : ICredentialsSource
{
    public Task<TenantCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        services.GetRequiredKeyedService<TenantsApiClient>(ExportersOptions.SectionName).GetCredentialsAsync(tenantId, cancellationToken);
}
