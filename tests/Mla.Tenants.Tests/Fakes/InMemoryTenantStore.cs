using Mla.Contracts.Tenants;
using Mla.Tenants.Store;

namespace Mla.Tenants.Tests.Fakes;

/// <summary>The store's contract in memory: same ordering (certificates newest first), same insert-if-absent for tokens.</summary>
internal sealed class InMemoryTenantStore : ITenantStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantRecord> _tenants = [];
    private readonly Dictionary<string, LimitOverrides> _overrides = [];
    private readonly List<CertificateRecord> _certificates = [];
    private readonly Dictionary<string, TokenRecord> _tokens = [];
    private readonly Dictionary<string, TokenRecord> _readTokens = [];

    public Task<TenantRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tenants.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<TenantRecord>> ListAsync(TenantQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<TenantRecord> result = _tenants.Values
                .Where(t => (query.Seed is null || t.Seed == query.Seed) && (query.ProjectId is null || t.ProjectId == query.ProjectId)
                    && (query.Status is null || t.Status == query.Status))
                .OrderBy(t => t.Id, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public async Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(TenantQuery query, CancellationToken cancellationToken)
    {
        var ids = (await ListAsync(query, cancellationToken)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            return _certificates.Where(c => ids.Contains(c.TenantId))
                .OrderBy(c => c.TenantId, StringComparer.Ordinal).ThenByDescending(c => c.IssuedAt).ThenByDescending(c => c.AuthorityGeneration).ThenBy(c => c.Serial, StringComparer.Ordinal).ToList();
        }
    }

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(TenantQuery query, CancellationToken cancellationToken)
    {
        var ids = (await ListAsync(query, cancellationToken)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            return _tokens.Values.Where(t => ids.Contains(t.TenantId)).ToList();
        }
    }

    public Task SaveAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _tenants[tenant.Id] = tenant;
        }

        return Task.CompletedTask;
    }

    public Task<LimitOverrides?> GetOverridesAsync(string clusterId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_overrides.GetValueOrDefault(clusterId));
        }
    }

    public Task SaveOverridesAsync(LimitOverrides limitOverrides, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _overrides[limitOverrides.ClusterId] = limitOverrides;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<CertificateRecord> result = _certificates.Where(c => c.TenantId == tenantId)
                .OrderByDescending(c => c.IssuedAt).ThenByDescending(c => c.AuthorityGeneration).ThenBy(c => c.Serial, StringComparer.Ordinal).ToList();
            return Task.FromResult(result);
        }
    }

    public Task AddCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _certificates.Add(certificate);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CertificateRecord>> ListSeedCertificatesAsync(string seed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<CertificateRecord> result = _certificates.Where(c => c.Seed == seed)
                .OrderBy(c => c.TenantId, StringComparer.Ordinal).ThenByDescending(c => c.IssuedAt).ThenByDescending(c => c.AuthorityGeneration).ThenBy(c => c.Serial, StringComparer.Ordinal).ToList();
            return Task.FromResult(result);
        }
    }

    public Task<int> RevokeCertificatesAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Revoke(c => c.TenantId == tenantId, at);

    public Task<int> RevokeCertificatesBelowGenerationAsync(string tenantId, int generation, DateTimeOffset at, CancellationToken cancellationToken) =>
        Revoke(c => c.TenantId == tenantId && c.AuthorityGeneration < generation, at);

    private Task<int> Revoke(Func<CertificateRecord, bool> which, DateTimeOffset at)
    {
        lock (_gate)
        {
            var count = 0;
            for (var i = 0; i < _certificates.Count; i++)
            {
                if (which(_certificates[i]) && _certificates[i].RevokedAt is null)
                {
                    _certificates[i] = _certificates[i] with { RevokedAt = at };
                    count++;
                }
            }

            return Task.FromResult(count);
        }
    }

    public Task<TokenRecord?> GetTokenAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tokens.GetValueOrDefault(tenantId));
        }
    }

    public Task<bool> AddTokenAsync(TokenRecord token, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tokens.TryAdd(token.TenantId, token));
        }
    }

    public Task<bool> DeleteTokenAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tokens.Remove(tenantId));
        }
    }

    public Task<TokenRecord?> GetReadTokenAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_readTokens.GetValueOrDefault(tenantId));
        }
    }

    public Task<bool> AddReadTokenAsync(TokenRecord token, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_readTokens.TryAdd(token.TenantId, token));
        }
    }

    public Task<bool> DeleteReadTokenAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_readTokens.Remove(tenantId));
        }
    }

    public async Task<IReadOnlyList<TokenRecord>> ListReadTokensAsync(TenantQuery query, CancellationToken cancellationToken)
    {
        var ids = (await ListAsync(query, cancellationToken)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            return [.. _readTokens.Values.Where(t => ids.Contains(t.TenantId))];
        }
    }

    public Task<int> CountAsync(TenantStatus status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tenants.Values.Count(t => t.Status == status));
        }
    }
}
