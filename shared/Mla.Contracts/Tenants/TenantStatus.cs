namespace Mla.Contracts.Tenants;

/// <summary>Where a tenant is in its life: provisioned when MLA is on for its cluster, deleted when off or gone.</summary>
public enum TenantStatus
{
    Provisioning,
    Ready,
    Deprovisioning,
    Deleted,
}
