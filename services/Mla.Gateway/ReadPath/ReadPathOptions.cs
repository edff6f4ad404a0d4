using System.ComponentModel.DataAnnotations;
using Mla.Gateway.Tenants;
using Mla.Hosting.Options;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// <c>Mla:Gateway:ReadPath</c>: the stores the read path forwards to and its per-tenant query limits. A caller reads
/// with a tenant's read token (that tenant only) or a seed's admin read token (every tenant of the seed).
/// </summary>
public sealed class ReadPathOptions : IValidatableObject
{
    /// <summary>The metrics store: <see cref="ReadStoreKind.VictoriaMetrics"/> or <see cref="ReadStoreKind.Mimir"/>.</summary>
    [ValidateNested]
    public ReadStoreOptions Metrics { get; set; } = new();

    /// <summary>Loki (always scoped by <c>X-Scope-OrgID</c>; the kind is ignored).</summary>
    [ValidateNested]
    public ReadStoreOptions Logs { get; set; } = new() { Kind = ReadStoreKind.Mimir };

    /// <summary>The Alertmanager: <see cref="ReadStoreKind.Alertmanager"/> (one for every tenant) or <see cref="ReadStoreKind.Mimir"/>.</summary>
    [ValidateNested]
    public ReadStoreOptions Alertmanager { get; set; } = new() { Kind = ReadStoreKind.Alertmanager };

    /// <summary>The label that names a series' or an alert's tenant in a store shared by tenants.</summary>
    [RegularExpression("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    public string TenantLabel { get; set; } = "tenant";

    /// <summary>Admin read tokens from configuration by SHA-256 (64 hex digits), besides the seeds' tokens from the tenant service.</summary>
    public List<string> AdminTokenSha256 { get; set; } = [];

    /// <summary>Queries per second per read credential (a tenant, or an admin token); beyond it 429.</summary>
    [Range(0.01, 1_000_000)]
    public double QueriesPerSecond { get; set; } = 20;

    /// <summary>Queries a credential may send at once above its rate.</summary>
    [Range(1, 1_000_000)]
    public int QueryBurst { get; set; } = 50;

    /// <summary>
    /// Series one query may answer (query, query_range: series in the result; series, labels, label values: items, also
    /// sent to the store as <c>limit</c>); beyond it 422. A tenant's own value (KKP's <c>maxSeriesPerQuery</c>) wins.
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxSeriesPerQuery { get; set; } = 100_000;

    /// <summary>
    /// Points (samples) one query_range/query answer may hold over all its series; beyond it 422. A tenant's own value
    /// (KKP's <c>maxSamplesPerQuery</c>) wins. Counted on the answer: the store's own scan limit is its server flag.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxSamplesPerQuery { get; set; } = 10_000_000;

    /// <summary>
    /// An answer is held back while it is counted, up to this size, so that one over a limit is refused with 422; a
    /// larger answer is streamed on while counting, and cut off (the connection aborted) if it then goes over a limit.
    /// </summary>
    [Range(64 * 1024, 1024 * 1024 * 1024)]
    public int MaxHeldAnswerBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Longest a store may take for one read; then 504.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Metrics.Kind is not (ReadStoreKind.VictoriaMetrics or ReadStoreKind.Mimir))
        {
            yield return new ValidationResult("must be VictoriaMetrics or Mimir", [$"{nameof(Metrics)}:{nameof(ReadStoreOptions.Kind)}"]);
        }

        if (Alertmanager.Kind is not (ReadStoreKind.Alertmanager or ReadStoreKind.Mimir))
        {
            yield return new ValidationResult("must be Alertmanager or Mimir", [$"{nameof(Alertmanager)}:{nameof(ReadStoreOptions.Kind)}"]);
        }

        for (var i = 0; i < AdminTokenSha256.Count; i++)
        {
            if (!TokenDigest.TryParseHex(AdminTokenSha256[i], out _))
            {
                yield return new ValidationResult("must be the SHA-256 of the token as 64 hex digits", [$"{nameof(AdminTokenSha256)}:{i}"]);
            }
        }
    }
}
