using Mla.Tenants.Client;

namespace Mla.Exporters.Export;

/// <summary>The tenant's credentials for its agents; null while it has none to give (not Ready, being renewed).</summary>
public interface ICredentialsSource
{
    Task<TenantCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken);
}
