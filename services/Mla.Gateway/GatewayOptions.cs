using System.ComponentModel.DataAnnotations;
using Mla.Gateway.Kafka;
using Mla.Gateway.Limits;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tls;
using Mla.Hosting.Options;
using Mla.Tenants.Client;

namespace Mla.Gateway;

/// <summary>Section <c>Mla:Gateway</c>.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Mla:Gateway";

    /// <summary>
    /// Accept <c>X-Scope-OrgID</c> as the tenant from requests without a client certificate or token. Only behind a
    /// proxy that authenticates and sets the header itself; a warning is logged at start when on.
    /// </summary>
    public bool TrustTenantHeader { get; set; }

    /// <summary>
    /// The logs path: <c>POST /loki/api/v1/push</c> (and <c>/api/prom/push</c>) are served and <c>/readyz</c> checks the
    /// logs topic (<c>Kafka:LogsTopic</c>) as well as the metrics topic. False: those routes are not mapped (404) and
    /// only the metrics topic decides readiness.
    /// </summary>
    public bool LogsEnabled { get; set; } = true;

    /// <summary>Largest compressed body; larger ones get 413.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest decompressed body (the snappy header says it before decompressing); larger ones get 413.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxDecompressedBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Bodies held by requests in progress and by Kafka until acknowledged; when full, 503 at once.</summary>
    [Range(typeof(long), "1048576", "68719476736")]
    public long MaxInFlightBytes { get; set; } = 256L * 1024 * 1024;

    [ValidateNested]
    public GatewayTlsOptions Tls { get; set; } = new();

    [ValidateNested]
    public GatewayKafkaOptions Kafka { get; set; } = new();

    /// <summary>Limits of every tenant without its own value.</summary>
    [ValidateNested]
    public LimitsOptions DefaultLimits { get; set; } = new();

    /// <summary>
    /// The tenant service (<c>Mla:Gateway:TenantService:Url</c>): the tenant table is its list at start, then its
    /// tenant events, re-read in full every <c>RefreshInterval</c>. Empty: the table is <see cref="Tenants"/> only.
    /// </summary>
    [ValidateNested]
    public TenantsClientOptions TenantService { get; set; } = new();

    /// <summary>The read path (<c>Mla:Gateway:ReadPath</c>): Prometheus, Loki and Alertmanager reads scoped to one tenant.</summary>
    [ValidateNested]
    public ReadPath.ReadPathOptions ReadPath { get; set; } = new();

    /// <summary>The seeds whose tenants this gateway serves (a gateway runs per seed); empty: every seed.</summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>Tenants by id (= user cluster id) from configuration; with the tenant service, its tenants win over these.</summary>
    public Dictionary<string, TenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxInFlightBytes < (long)MaxBodyBytes + MaxDecompressedBytes)
        {
            yield return new ValidationResult(
                $"must be at least MaxBodyBytes + MaxDecompressedBytes ({(long)MaxBodyBytes + MaxDecompressedBytes}), or the largest body could never pass",
                [nameof(MaxInFlightBytes)]);
        }

        foreach (var failure in TenantOptionsValidation.Validate(Tenants))
        {
            yield return failure;
        }
    }
}
