using System.Collections.Frozen;
using Mla.Contracts.Tenants;
using Mla.Gateway.Limits;

namespace Mla.Gateway.Tenants;

/// <summary>Turns the tenant service's <see cref="TenantState"/> into the gateway's <see cref="Tenant"/>.</summary>
public static class FeedTenants
{
    private const long Mebibyte = 1024 * 1024;

    /// <summary>Only a Ready tenant may write; the others stay in the table so that the refusal can say why (403).</summary>
    public static Tenant From(TenantState state, LimitsOptions defaults)
    {
        var limits = Limits.TenantLimits.Resolve(defaults, OwnLimits(state.Limits));
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

    /// <summary>
    /// The tenant service's limits as the tenant's own: a positive value is the tenant's, zero or absent takes the
    /// gateway's default (<see cref="Limits.TenantLimits.Resolve"/>); for reads, the read path's default.
    /// </summary>
    private static LimitsOverrideOptions OwnLimits(Contracts.Tenants.TenantLimits limits)
    {
        var monitoring = limits.Monitoring;
        var logging = limits.Logging;
        return new LimitsOverrideOptions
        {
            IngestionRate = monitoring.IngestionRate is > 0 and var rate ? rate : null,
            IngestionBurstSize = monitoring.IngestionBurstSize is > 0 and var burst ? (int)Math.Min(burst, int.MaxValue) : null,

            // KKP's logging limits are in MB (MiB, as Loki's ingestion_rate_mb) per second and MB of burst.
            Logs = new LogLimitsOverrideOptions
            {
                IngestionRateBytes = logging.IngestionRate is > 0 and var logRate ? logRate * (double)Mebibyte : null,
                IngestionBurstBytes = logging.IngestionBurstSize is > 0 and var logBurst ? (int)Math.Min(logBurst * Mebibyte, int.MaxValue) : null,
            },

            // KKP's query limits (MLAAdminSetting / the cluster's monitoring limits).
            Reads = new ReadLimitsOverrideOptions
            {
                QueriesPerSecond = monitoring.QueryRate is > 0 and var queryRate ? queryRate : null,
                QueryBurst = monitoring.QueryBurstSize is > 0 and var queryBurst ? (int)Math.Min(queryBurst, int.MaxValue) : null,
                MaxSeriesPerQuery = monitoring.MaxSeriesPerQuery is > 0 and var series ? (int)Math.Min(series, int.MaxValue) : null,
                MaxSamplesPerQuery = monitoring.MaxSamplesPerQuery is > 0 and var samples ? samples : null,
            },
        };
    }
}
