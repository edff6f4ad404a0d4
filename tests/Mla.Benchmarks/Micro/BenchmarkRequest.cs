using Mla.Benchmarks.Load;
using Mla.Gateway;
using Mla.Gateway.Limits;
using Mla.Gateway.Tenants;

namespace Mla.Benchmarks.Micro;

/// <summary>One request of the load comparison's stream: 2,000 series of 10 labels, one sample each, a minute old.</summary>
internal static class BenchmarkRequest
{
    public const string TenantId = "benchtenant";

    public static byte[] Body() =>
        RemoteWriteWorkload.Create(1, DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromSeconds(15)).Build(0, 1)[0];

    /// <summary>The tenant as the gateway resolves it from configuration: default limits (rate aside, unused here).</summary>
    public static Tenant Tenant(GatewayOptions options) =>
        new(TenantId, Disabled: false, Token: null, TenantLimits.Resolve(options.DefaultLimits, overrides: null));
}
