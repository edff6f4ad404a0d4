using Mla.Gateway.Tenants;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// Who reads: one tenant (its read token), or an admin (a seed's admin read token: every tenant of <see cref="AdminSeed"/>;
/// a configured admin token: every tenant of this gateway).
/// </summary>
public sealed record ReadCaller(Tenant? Tenant, string? AdminSeed)
{
    public bool IsAdmin => Tenant is null;

    /// <summary>What the query limits count against and log lines name.</summary>
    public string Name => Tenant?.Id ?? (AdminSeed is null ? "admin" : $"admin of seed {AdminSeed}");

    /// <summary>The tenants this caller may read in the table in hand.</summary>
    public IReadOnlyList<string> TenantIds(TenantSnapshot snapshot) => Tenant is { } tenant
        ? [tenant.Id]
        : [.. snapshot.Tenants.Where(t => !t.Disabled && (AdminSeed is null || t.Seed is null || t.Seed == AdminSeed)).Select(t => t.Id).Order(StringComparer.Ordinal)];
}
