using Mla.Contracts.Tenants;

namespace Mla.Tenants.Client;

/// <summary>The tenant list as of <paramref name="AsOf"/> (taken before the request): events older than that are already in it.</summary>
public sealed record TenantListing(IReadOnlyList<TenantState> Tenants, DateTimeOffset AsOf);
