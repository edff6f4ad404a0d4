using System.ComponentModel.DataAnnotations;
using Mla.Writer.Sinks;

namespace Mla.Writer.Configuration;

/// <summary>
/// Section <c>Mla:Writer:Sinks:&lt;name&gt;</c>: one store and how to scope writes to a tenant. <c>Type</c>:
/// <c>remote-write</c> (metrics topic), <c>loki</c> (a Loki push receiver; logs topic) or <c>file</c> (per-tenant
/// JSON-lines files under <c>Directory</c>; logs topic).
/// </summary>
public sealed class SinkOptions : IValidatableObject
{
    public const string RemoteWriteType = SinkTypes.RemoteWrite;

    public string Type { get; set; } = RemoteWriteType;

    /// <summary>The receiver's write URL (not for <c>file</c>); with <c>url-template</c> it holds <c>{tenant}</c>.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Type <c>file</c>: the root; each tenant's lines go to <c>&lt;Directory&gt;/&lt;tenant&gt;/</c>.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>Type <c>file</c>: the current file is rotated once it holds this many bytes.</summary>
    [Range(1024L, long.MaxValue)]
    public long RotateBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Type <c>file</c>: the current file is rotated once it is this old.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RotateAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Type <c>file</c>: a tenant's files together keep at most this many bytes; the oldest rotated files go first.</summary>
    [Range(1024L, long.MaxValue)]
    public long RetainBytesPerTenant { get; set; } = 1024L * 1024 * 1024;

    /// <summary><c>header</c> (Mimir, Cortex, Thanos), <c>extra-label</c> (VictoriaMetrics single node) or <c>url-template</c> (VictoriaMetrics cluster).</summary>
    public string TenantPlacement { get; set; } = "header";

    /// <summary>The tenant header for <c>header</c> placement.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TenantHeader { get; set; } = "X-Scope-OrgID";

    /// <summary>The label added for <c>extra-label</c> placement: <c>?extra_label=&lt;TenantLabel&gt;=&lt;id&gt;</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[a-zA-Z_][a-zA-Z0-9_]*$", ErrorMessage = "must be a Prometheus label name")]
    public string TenantLabel { get; set; } = "tenant";

    /// <summary>Static headers sent with every request (e.g. <c>Authorization</c>).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A tenant's batch is sent once its uncompressed protobuf reaches this size.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int BatchMaxBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A tenant's batch is sent once it holds this many records.</summary>
    [Range(1, 100_000)]
    public int BatchMaxRecords { get; set; } = 500;

    /// <summary>A tenant's batch is sent at the latest this long after its first record arrived.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BatchMaxWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When the consumer has caught up (nothing more to read now) and request slots are free, the oldest batches go
    /// out at once instead of waiting for <see cref="BatchMaxWait"/>: small batches and low latency while the sink
    /// keeps up, full batches while it is busy. Off: a batch waits until it is full or due.
    /// </summary>
    public bool SendEarlyWhenCaughtUp { get; set; } = true;

    /// <summary>Timeout of one request to the sink; a timeout is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests in flight to this sink at once, each for a different tenant (a tenant has at most one, so its order is kept).</summary>
    [Range(1, 64)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>
    /// A tenant whose writes the sink keeps refusing (429, 5xx) while other tenants' writes go through has its held
    /// records moved to the retry topic after this long, so its partitions' offsets move on.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxTenantStall { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Bytes (record value and its decompressed protobuf) one tenant may have held back; beyond, the partitions pause.</summary>
    [Range(64 * 1024, long.MaxValue)]
    public long MaxHeldBytesPerTenant { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes all tenants of this sink may have held back together; beyond, the partitions pause.</summary>
    [Range(64 * 1024, long.MaxValue)]
    public long MaxHeldBytes { get; set; } = 256L * 1024 * 1024;

    public bool Enabled { get; set; } = true;

    /// <summary>The consumer group; empty means <c>mla-writer-&lt;sink name&gt;</c>.</summary>
    public string? GroupId { get; set; }

    public string EffectiveGroupId(string sinkName) => string.IsNullOrWhiteSpace(GroupId) ? $"mla-writer-{sinkName}" : GroupId;

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!SinkTypes.IsKnown(Type))
        {
            yield return new ValidationResult($"'{Type}' is not one of {string.Join(", ", SinkTypes.All)}", [nameof(Type)]);
        }

        if (SinkTypes.IsFile(Type))
        {
            if (string.IsNullOrWhiteSpace(Directory))
            {
                yield return new ValidationResult("is required for a file sink", [nameof(Directory)]);
            }

            if (RetainBytesPerTenant < RotateBytes)
            {
                yield return new ValidationResult($"must be at least RotateBytes ({RotateBytes})", [nameof(RetainBytesPerTenant)]);
            }
        }

        if (!SinkTypes.IsFile(Type))
        {
            foreach (var problem in ReceiverProblems())
            {
                yield return problem;
            }
        }

        if (MaxHeldBytesPerTenant > MaxHeldBytes)
        {
            yield return new ValidationResult($"must not be more than MaxHeldBytes ({MaxHeldBytes})", [nameof(MaxHeldBytesPerTenant)]);
        }

        if (MaxHeldBytesPerTenant < 2L * BatchMaxBytes)
        {
            yield return new ValidationResult($"must hold at least two full batches (2 × BatchMaxBytes = {2L * BatchMaxBytes})", [nameof(MaxHeldBytesPerTenant)]);
        }

        if (RetryMaxDelay < RetryInitialDelay)
        {
            yield return new ValidationResult("must not be shorter than RetryInitialDelay", [nameof(RetryMaxDelay)]);
        }
    }

    private IEnumerable<ValidationResult> ReceiverProblems()
    {
        if (!TenantPlacements.TryParse(TenantPlacement, out var placement))
        {
            yield return new ValidationResult($"'{TenantPlacement}' is not one of header, extra-label, url-template", [nameof(TenantPlacement)]);
        }
        else if (string.Equals(Type, SinkTypes.Loki, StringComparison.OrdinalIgnoreCase) && placement != Sinks.TenantPlacement.Header)
        {
            yield return new ValidationResult("a loki sink takes its tenant in a header (X-Scope-OrgID)", [nameof(TenantPlacement)]);
        }

        if (string.IsNullOrWhiteSpace(Url))
        {
            yield return new ValidationResult("The Url field is required.", [nameof(Url)]);
        }
        else if (!Uri.TryCreate(Url.Replace(SinkRequestBuilder.TenantPlaceholder, "t", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"'{UrlRedaction.Redact(Url)}' is not an absolute http(s) URL", [nameof(Url)]);
        }
        else if (uri.UserInfo.Length > 0)
        {
            // Never echo the value: it holds a credential.
            yield return new ValidationResult("must not contain credentials (user:password@); put them in Headers (e.g. Headers:Authorization)", [nameof(Url)]);
        }
        else if (placement == Sinks.TenantPlacement.UrlTemplate && !Url.Contains(SinkRequestBuilder.TenantPlaceholder, StringComparison.Ordinal))
        {
            yield return new ValidationResult($"must contain {SinkRequestBuilder.TenantPlaceholder} with TenantPlacement url-template", [nameof(Url)]);
        }
    }
}
