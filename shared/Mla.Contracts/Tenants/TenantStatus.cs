using System.Text.Json.Serialization;

namespace Mla.Contracts.Tenants;

/// <summary>Where a tenant is in its life: provisioned when MLA is on for its cluster, deleted when off or gone.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TenantStatus>))]
public enum TenantStatus
{
    Provisioning,
    Ready,
    Deprovisioning,
    Deleted,
}
