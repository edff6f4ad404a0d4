using Mla.Contracts.Tenants;

namespace Mla.Tenants.Store;

/// <summary>Tenants, their limit overrides, certificates and tokens (the seeds' CAs: <see cref="Authorities.ISeedAuthorityStore"/>).</summary>
public interface ITenantStore
{
    Task<TenantRecord?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<TenantRecord>> ListAsync(TenantQuery query, CancellationToken cancellationToken);

    /// <summary>The certificates of every tenant the query matches, per tenant newest first (one read for a whole list).</summary>
    Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(TenantQuery query, CancellationToken cancellationToken);

    /// <summary>The tokens of every tenant the query matches.</summary>
    Task<IReadOnlyList<TokenRecord>> ListTokensAsync(TenantQuery query, CancellationToken cancellationToken);

    Task SaveAsync(TenantRecord tenant, CancellationToken cancellationToken);

    Task<LimitOverrides?> GetOverridesAsync(string clusterId, CancellationToken cancellationToken);

    Task SaveOverridesAsync(LimitOverrides limitOverrides, CancellationToken cancellationToken);

    /// <summary>The tenant's certificates, newest first.</summary>
    Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(string tenantId, CancellationToken cancellationToken);

    Task AddCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken);

    /// <summary>Every certificate issued in the seed (whatever its tenant's status), per tenant newest first.</summary>
    Task<IReadOnlyList<CertificateRecord>> ListSeedCertificatesAsync(string seed, CancellationToken cancellationToken);

    /// <summary>Marks every unrevoked certificate of the tenant revoked; returns how many.</summary>
    Task<int> RevokeCertificatesAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Marks the tenant's unrevoked certificates issued by a CA generation below <paramref name="generation"/> revoked; returns how many.</summary>
    Task<int> RevokeCertificatesBelowGenerationAsync(string tenantId, int generation, DateTimeOffset at, CancellationToken cancellationToken);

    Task<TokenRecord?> GetTokenAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Stores the tenant's token unless it has one already; false then.</summary>
    Task<bool> AddTokenAsync(TokenRecord token, CancellationToken cancellationToken);

    /// <summary>Deletes the tenant's token (a deleted token can never be accepted again); true when there was one.</summary>
    Task<bool> DeleteTokenAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The tenant's read token (distinct from its write token: Grafana reads with it); null when it has none.</summary>
    Task<TokenRecord?> GetReadTokenAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Stores the tenant's read token unless it has one already; false then.</summary>
    Task<bool> AddReadTokenAsync(TokenRecord token, CancellationToken cancellationToken);

    /// <summary>Deletes the tenant's read token (never accepted again); true when there was one.</summary>
    Task<bool> DeleteReadTokenAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The read tokens of every tenant the query matches.</summary>
    Task<IReadOnlyList<TokenRecord>> ListReadTokensAsync(TenantQuery query, CancellationToken cancellationToken);

    Task<int> CountAsync(TenantStatus status, CancellationToken cancellationToken);
}
