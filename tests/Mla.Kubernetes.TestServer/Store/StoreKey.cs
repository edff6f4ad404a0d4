namespace Mla.Kubernetes.TestServer.Store;

/// <summary>Where an object lives: group and plural (not version: all versions of a resource share objects), namespace ("" when cluster-scoped), name.</summary>
public readonly record struct StoreKey(string Group, string Plural, string Namespace, string Name);
