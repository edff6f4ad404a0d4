using Mla.Gateway.Limits;

namespace Mla.Gateway.Tenants;

/// <summary><c>Mla:Gateway:Tenants:&lt;id&gt;</c>.</summary>
public sealed class TenantOptions
{
    /// <summary>SHA-256 of the tenant's bearer token, 64 hex digits (<c>printf %s "$token" | sha256sum</c>); none: no token.</summary>
    public string? TokenSha256 { get; set; }

    /// <summary>SHA-256 of the tenant's read token (the read path), 64 hex digits; none: the tenant cannot be read.</summary>
    public string? ReadTokenSha256 { get; set; }

    /// <summary>A disabled tenant's writes get 403.</summary>
    public bool Disabled { get; set; }

    public LimitsOverrideOptions Limits { get; set; } = new();
}
