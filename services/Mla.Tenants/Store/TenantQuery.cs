using Mla.Contracts.Tenants;

namespace Mla.Tenants.Store;

public sealed record TenantQuery(string? Seed = null, string? ProjectId = null, TenantStatus? Status = null);
