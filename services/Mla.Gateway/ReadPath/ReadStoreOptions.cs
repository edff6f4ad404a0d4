using System.ComponentModel.DataAnnotations;

namespace Mla.Gateway.ReadPath;

/// <summary>One store behind the read path: its kind and the URL under which its <c>api/v1/…</c> (Alertmanager: <c>api/v2/…</c>) is served.</summary>
public sealed class ReadStoreOptions : IValidatableObject
{
    /// <summary>
    /// E.g. <c>http://victoria-metrics:8428/</c>, <c>http://mimir:8080/prometheus/</c>, <c>http://loki:3100/loki/</c>,
    /// <c>http://alertmanager:9093/</c>, <c>http://mimir:8080/alertmanager/</c>. Empty: that read API answers 404.
    /// </summary>
    public string? Url { get; set; }

    public ReadStoreKind Kind { get; set; } = ReadStoreKind.VictoriaMetrics;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The URL with a trailing slash, so that relative paths append.</summary>
    public Uri BaseUri => new(Url!.EndsWith('/') ? Url : Url + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("must be an absolute http or https URL", [nameof(Url)]);
        }
    }
}
