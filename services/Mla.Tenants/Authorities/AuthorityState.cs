using System.Text.Json.Serialization;

namespace Mla.Tenants.Authorities;

/// <summary>Where a seed CA is in its life: issuing, trusted while certificates it issued are still accepted, or dropped.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthorityState>))]
public enum AuthorityState
{
    /// <summary>The seed's newest CA: issues its tenants' certificates.</summary>
    Active,

    /// <summary>Replaced by a rotation: issues nothing, still trusted while an accepted certificate chains to it.</summary>
    Retiring,

    /// <summary>No accepted certificate chains to it any more: no longer trusted.</summary>
    Retired,
}
