using Mla.Grafana.Sync;

namespace Mla.Grafana.Tests;

/// <summary>Read tokens made from the tenant or seed name (what the tenant service would hand out); <see cref="Generation"/> rotates them.</summary>
internal sealed class FixedReadTokens : ITenantReadTokens
{
    public int Generation { get; set; } = 1;

    public Task<string?> GetTenantTokenAsync(string tenantId, CancellationToken cancellationToken) => Task.FromResult<string?>($"mlar_{tenantId}_{Generation}");

    public Task<string?> GetSeedAdminTokenAsync(string seed, CancellationToken cancellationToken) => Task.FromResult<string?>($"mlar_admin_{seed}_{Generation}");
}
