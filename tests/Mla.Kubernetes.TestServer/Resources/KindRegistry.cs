namespace Mla.Kubernetes.TestServer.Resources;

/// <summary>
/// The kinds one server serves: the built-ins plus those of the CustomResourceDefinitions applied to it. Thread-safe;
/// <see cref="Revision"/> changes whenever the set changes (OpenAPI hashes use it).
/// </summary>
public sealed class KindRegistry
{
    private readonly Lock _gate = new();
    private readonly List<ResourceKind> _builtIn = [.. BuiltInKinds.Kinds];
    private readonly Dictionary<string, IReadOnlyList<ResourceKind>> _custom = new(StringComparer.Ordinal);
    private long _revision;

    public long Revision
    {
        get { lock (_gate) { return _revision; } }
    }

    public IReadOnlyList<ResourceKind> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _builtIn, .. _custom.Values.SelectMany(kinds => kinds)];
            }
        }
    }

    /// <summary>The kind served at <c>/api(s)/group/version/plural</c>, or null.</summary>
    public ResourceKind? Find(string group, string version, string plural) =>
        All.FirstOrDefault(k => k.Group == group && k.Version == version && k.Plural == plural);

    /// <summary>The kind of an object's <c>apiVersion</c> and <c>kind</c>, or null.</summary>
    public ResourceKind? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind);

    /// <summary>Every served version of a group and plural (a custom resource may have several).</summary>
    public IReadOnlyList<ResourceKind> Versions(string group, string plural) =>
        [.. All.Where(k => k.Group == group && k.Plural == plural)];

    /// <summary>Group-versions in discovery order: core first, then groups in the order they appeared.</summary>
    public IReadOnlyList<(string Group, string Version)> GroupVersions() =>
        [.. All.Select(k => (k.Group, k.Version)).Distinct()];

    /// <summary>Registers (or replaces) the kinds defined by the CRD named <paramref name="crdName"/>.</summary>
    public void RegisterCustom(string crdName, IReadOnlyList<ResourceKind> kinds)
    {
        lock (_gate)
        {
            _custom[crdName] = kinds;
            _revision++;
        }
    }

    public void UnregisterCustom(string crdName)
    {
        lock (_gate)
        {
            if (_custom.Remove(crdName))
            {
                _revision++;
            }
        }
    }
}
