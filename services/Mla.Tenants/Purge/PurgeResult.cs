namespace Mla.Tenants.Purge;

/// <summary>What one store's purge achieved: <paramref name="Verified"/> when the store confirmed nothing is left; <paramref name="Detail"/> says how or why not.</summary>
internal sealed record PurgeResult(bool Verified, string Detail);
