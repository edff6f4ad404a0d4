using System.Text.Json.Serialization;

namespace Mla.Tenants.Authorities;

/// <summary>The steps of a seed CA rotation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaRotationState>))]
public enum CaRotationState
{
    /// <summary>The new CA is trusted beside the old one; every Ready tenant of the seed gets a certificate of the new CA.</summary>
    Reissuing,

    /// <summary>Every tenant has one; the old CA's certificates stay accepted until <c>DrainAfter</c> (agents fetch the new ones), then are revoked.</summary>
    Draining,

    /// <summary>No accepted certificate chains to the old CA: it is Retired and no longer trusted.</summary>
    Completed,
}
