using System.ComponentModel.DataAnnotations;

namespace Mla.Tenants.Purge;

/// <summary>Section <c>Mla:Tenants:Purge:Stores:&lt;name&gt;</c>: one store a deprovisioned tenant's data is deleted from.</summary>
public sealed class PurgeStoreOptions : IValidatableObject
{
    /// <summary><c>victoriametrics</c>, <c>mimir</c>, <c>cortex</c> or <c>loki</c> (see <see cref="PurgeStoreKinds"/>).</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The store's HTTP root, e.g. <c>http://vmsingle:8428</c> or Mimir's/Loki's compactor (not for <c>files</c>).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>files: the file sink's root directory (the writer's <c>Sinks:&lt;name&gt;:Directory</c>), on a disk this service sees.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>victoriametrics: the label that holds the tenant id (the writer's <c>?extra_label=&lt;TenantLabel&gt;=&lt;id&gt;</c>).</summary>
    [RegularExpression("^[a-zA-Z_][a-zA-Z0-9_]*$", ErrorMessage = "must be a Prometheus label name")]
    public string TenantLabel { get; set; } = "tenant";

    /// <summary>mimir, cortex, loki: the header that names the tenant.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TenantHeader { get; set; } = "X-Scope-OrgID";

    /// <summary>
    /// loki: the LogQL stream selector of the tenant's logs to delete, e.g. <c>{cluster=~".+"}</c>. Loki needs a
    /// selector with at least one non-empty matcher, and no label is on every stream, so it is asked for here.
    /// </summary>
    public string? Selector { get; set; }

    /// <summary>
    /// loki: a delete request for the same selector made within this window is followed instead of making a new one
    /// (Loki answers 204 without a request id and only processes requests after its cancel period, 24 h by default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan RequestReuseWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Overrides <see cref="PurgeOptions.VerifyTimeout"/> for this store.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan? VerifyTimeout { get; set; }

    /// <summary>Static headers sent with every request, e.g. <c>Authorization</c>; never logged nor reported.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PurgeStoreKinds.IsKnown(Kind))
        {
            yield return new ValidationResult($"'{Kind}' is not one of {string.Join(", ", PurgeStoreKinds.All)}", [nameof(Kind)]);
        }

        if (Kind == PurgeStoreKinds.Files)
        {
            if (string.IsNullOrWhiteSpace(Directory))
            {
                yield return new ValidationResult("is required for kind files", [nameof(Directory)]);
            }

            yield break;
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"'{Url}' is not an absolute http(s) URL", [nameof(Url)]);
        }
        else if (uri.UserInfo.Length > 0)
        {
            // Never echo the value: it holds a credential.
            yield return new ValidationResult("must not contain credentials; put them in Headers (e.g. Authorization)", [nameof(Url)]);
        }
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            yield return new ValidationResult($"'{Url}' must be a base URL without query or fragment", [nameof(Url)]);
        }

        if (Kind == PurgeStoreKinds.Loki && string.IsNullOrWhiteSpace(Selector))
        {
            yield return new ValidationResult(
                "is required for kind loki: a LogQL stream selector matching every stream of a tenant, e.g. {cluster=~\".+\"}", [nameof(Selector)]);
        }
    }

    /// <summary>The base URL with a trailing slash, so that relative API paths keep any path prefix of <see cref="Url"/>.</summary>
    public Uri BaseUri() => new(Url.EndsWith('/') ? Url : Url + "/");
}
