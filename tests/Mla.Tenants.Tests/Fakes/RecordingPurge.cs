using Mla.Contracts.Tenants;
using Mla.Tenants.Purge;

namespace Mla.Tenants.Tests.Fakes;

/// <summary>Records purge calls and answers with <see cref="Verified"/> (true unless a test says otherwise).</summary>
internal sealed class RecordingPurge : ITenantDataPurge
{
    private readonly List<string> _calls = [];

    public bool Verified { get; set; } = true;

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public Task<TenantPurge> PurgeAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add(tenantId);
        }

        var at = DateTimeOffset.UtcNow;
        var store = new StorePurge("fake", "victoriametrics", "metrics", Verified, Verified ? "no series left" : "2 series left", at);
        return Task.FromResult(new TenantPurge(true, [store], Verified ? at : null));
    }
}
