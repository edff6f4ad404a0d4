using System.Collections.Frozen;
using Mla.Contracts.Tenants;
using Mla.Gateway.Limits;

namespace Mla.Gateway.Tenants;

/// <summary>Turns the tenant service's <see cref="TenantState"/> into the gateway's <see cref="Tenant"/>.</summary>
public static class FeedTenants
{
    /// <summary>Only a Ready tenant may write; the others stay in the table so that the refusal can say why (403).</summary>
    public static Tenant From(TenantState state, LimitsOptions defaults)
    {
        var monitoring = state.Limits.Monitoring;
        var limits = Limits.TenantLimits.Resolve(defaults, null) with
        {
            IngestionRate = monitoring.IngestionRate is > 0 and var rate ? rate : defaults.IngestionRate,
            IngestionBurstSize = monitoring.IngestionBurstSize is > 0 and var burst ? (int)Math.Min(burst, int.MaxValue) : defaults.IngestionBurstSize,
        };
        var ready = state.Status == TenantStatus.Ready;
        return new Tenant(
            state.Id,
            !ready,
            ready && TokenDigest.TryParseHex(state.TokenSha256, out var digest) ? digest : null,
            limits)
        {
            Seed = state.Seed,
            AcceptedCertificateSerials = ready
                ? state.AcceptedCertificates.Select(c => c.Serial).ToFrozenSet(StringComparer.OrdinalIgnoreCase)
                : FrozenSet<string>.Empty,
            CurrentCertificateSerial = ready ? state.CertificateSerial : null,
            ReadToken = ready && TokenDigest.TryParseHex(state.ReadTokenSha256, out var read) ? read : null,
            DisabledReason = $"{state.Status}, not Ready",
        };
    }
}
