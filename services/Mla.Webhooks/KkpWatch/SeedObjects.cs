namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// What one seed's watch knows right now: every object of every watched kind by namespace/name (Secrets only when an
/// Alertmanager names them). Touched only by the seed's one processing loop, so it needs no lock.
/// </summary>
public sealed class SeedObjects
{
    private readonly Dictionary<KkpResource, Dictionary<string, KkpObject>> _objects = KkpResources.All.ToDictionary(r => r, _ => new Dictionary<string, KkpObject>(StringComparer.Ordinal));

    public IReadOnlyCollection<KkpObject> Of(KkpResource resource) => _objects[resource].Values;

    public int Count(KkpResource resource) => _objects[resource].Count;

    public KkpObject? Get(KkpResource resource, string key) => _objects[resource].GetValueOrDefault(key);

    /// <summary>Stores the object; returns the state it replaced, if any.</summary>
    public KkpObject? Put(KkpResource resource, KkpObject item)
    {
        var map = _objects[resource];
        map.TryGetValue(item.Key, out var previous);
        map[item.Key] = item;
        return previous;
    }

    public KkpObject? Remove(KkpResource resource, string key) => _objects[resource].Remove(key, out var removed) ? removed : null;

    /// <summary>A relist: the listed objects replace what was known of the kind.</summary>
    public void Replace(KkpResource resource, IEnumerable<KkpObject> items)
    {
        var map = _objects[resource];
        map.Clear();
        foreach (var item in items)
        {
            map[item.Key] = item;
        }
    }

    /// <summary>Whether an Alertmanager in <paramref name="ns"/> names the Secret <paramref name="name"/> as its configuration.</summary>
    public bool IsConfigSecret(string? ns, string name) =>
        Of(KkpResources.Alertmanagers).Any(am => am.Metadata.NamespaceProperty == ns && KkpObjectMapper.ConfigSecretName(am) == name);
}
