namespace Mla.Dapr.TestServer;

/// <summary>One secret request the fake answered: the RPC, the store, the key (empty for bulk), the metadata sent.</summary>
public sealed record SecretRead(string Method, string Store, string Key, IReadOnlyDictionary<string, string> Metadata);
