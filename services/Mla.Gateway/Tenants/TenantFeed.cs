using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Gateway.Observability;

namespace Mla.Gateway.Tenants;

/// <summary>
/// The gateway's copy of the tenant service's tenants. Both the full list and single events carry full tenant
/// states; per tenant, the newest one wins (a listing counts as of the time it was requested), so a late event
/// cannot undo a newer state. Every change rebuilds the directory's snapshot (the configured tenants plus these).
/// </summary>
public sealed class TenantFeed(ITenantDirectory directory, IOptions<GatewayOptions> options, GatewayMetrics metrics, ILogger<TenantFeed> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (TenantState State, DateTimeOffset At)> _tenants = new(StringComparer.Ordinal);

    // Configuration is read at start only (like ConfigurationTenantSync): build its tenants once, not per event.
    private readonly Lazy<IReadOnlyList<Tenant>> _configured = new(() => [.. ConfigurationTenants.Build(options.Value).Tenants]);

    /// <summary>True once a full list has been applied: until then the gateway cannot authenticate feed tenants.</summary>
    public bool Loaded { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _tenants.Count;
            }
        }
    }

    /// <summary>Applies a full listing: listed tenants are updated; tenants not listed (and not newer) are removed.</summary>
    public void ApplyListing(IReadOnlyList<TenantState> tenants, DateTimeOffset asOf)
    {
        lock (_gate)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var state in tenants.Where(Serves))
            {
                listed.Add(state.Id);
                ApplyLocked(state, asOf);
            }

            foreach (var stale in _tenants.Where(pair => !listed.Contains(pair.Key) && pair.Value.At <= asOf).Select(pair => pair.Key).ToList())
            {
                _tenants.Remove(stale);
            }

            Loaded = true;
            Publish();
        }
    }

    /// <summary>Applies one tenant event; false when it is older than what is held (or of a seed not served).</summary>
    public bool Apply(TenantState state, DateTimeOffset occurredAt)
    {
        lock (_gate)
        {
            if (!Serves(state) || !ApplyLocked(state, occurredAt))
            {
                return false;
            }

            Publish();
            return true;
        }
    }

    public bool Serves(TenantState state) => ServesSeed(state.Seed);

    public bool ServesSeed(string seed) => options.Value.Seeds.Count == 0 || options.Value.Seeds.Contains(seed, StringComparer.Ordinal);

    private bool ApplyLocked(TenantState state, DateTimeOffset at)
    {
        if (_tenants.TryGetValue(state.Id, out var held) && held.At > at)
        {
            return false;
        }

        _tenants[state.Id] = (state, at);
        return true;
    }

    private void Publish()
    {
        var settings = options.Value;
        var fromFeed = _tenants.Values.Select(entry => FeedTenants.From(entry.State, settings.DefaultLimits)).ToList();
        var ids = fromFeed.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var configured = _configured.Value.Where(t => !ids.Contains(t.Id));
        try
        {
            var snapshot = new TenantSnapshot(fromFeed.Concat(configured));
            directory.Replace(snapshot);
            var ready = snapshot.Tenants.Count(t => !t.Disabled);
            metrics.TenantTable.WithLabels("ready").Set(ready);
            metrics.TenantTable.WithLabels("refused").Set(snapshot.Count - ready);
        }
        catch (ArgumentException ex)
        {
            // E.g. two tenants with the same token: keep the table in hand rather than serve a wrong one.
            logger.LogError("The tenant table was not updated: {Reason}", ex.Message);
        }
    }
}
