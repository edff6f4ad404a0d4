using Mla.Gateway.Limits;

namespace Mla.Gateway.Tenants;

/// <summary>Builds the tenant table from <c>Mla:Gateway:Tenants</c> and <c>Mla:Gateway:DefaultLimits</c>.</summary>
public static class ConfigurationTenants
{
    public static TenantSnapshot Build(GatewayOptions options) =>
        new(options.Tenants.Select(pair => new Tenant(
            pair.Key,
            pair.Value.Disabled,
            TokenDigest.TryParseHex(pair.Value.TokenSha256, out var digest) ? digest : null,
            TenantLimits.Resolve(options.DefaultLimits, pair.Value.Limits))
        {
            ReadToken = !pair.Value.Disabled && TokenDigest.TryParseHex(pair.Value.ReadTokenSha256, out var read) ? read : null,
        }));
}
