using System.Collections.Concurrent;

namespace Mla.Kubernetes.TestServer;

/// <summary>Counts the resource requests a server answered, by verb (get, list, watch, create, update, patch, delete, deletecollection) and resource (plural).</summary>
public sealed class RequestCounters
{
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];
    private readonly ConcurrentDictionary<(string Verb, string Resource), int> _counts = new();

    /// <summary>Requests with <paramref name="verb"/>, for one resource or (null) all.</summary>
    public int Count(string verb, string? resource = null) =>
        _counts.Where(e => e.Key.Verb == verb && (resource is null || e.Key.Resource == resource)).Sum(e => e.Value);

    /// <summary>Writes (create, update, patch, delete) of every resource.</summary>
    public int Writes => WritesOf(null);

    /// <summary>Writes of any verb, for one resource or (null) all.</summary>
    public int WritesOf(string? resource) =>
        _counts.Where(e => WriteVerbs.Contains(e.Key.Verb) && (resource is null || e.Key.Resource == resource)).Sum(e => e.Value);

    public int Total => _counts.Values.Sum();

    public void Reset() => _counts.Clear();

    internal void Add(string verb, string resource) => _counts.AddOrUpdate((verb, resource), 1, (_, n) => n + 1);
}
