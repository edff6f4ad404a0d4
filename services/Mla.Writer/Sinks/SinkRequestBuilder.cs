using Mla.Writer.Configuration;

namespace Mla.Writer.Sinks;

/// <summary>Builds the URL and headers of a write for one tenant, per the sink's <see cref="TenantPlacement"/>.</summary>
public sealed class SinkRequestBuilder
{
    public const string TenantPlaceholder = "{tenant}";

    private readonly string _url;
    private readonly TenantPlacement _placement;
    private readonly string _tenantHeader;
    private readonly string _tenantLabel;

    public SinkRequestBuilder(SinkOptions options)
    {
        _url = options.Url;
        _placement = TenantPlacements.Parse(options.TenantPlacement);
        _tenantHeader = options.TenantHeader;
        _tenantLabel = options.TenantLabel;
        StaticHeaders = options.Headers.ToList();
    }

    public TenantPlacement Placement => _placement;

    public IReadOnlyList<KeyValuePair<string, string>> StaticHeaders { get; }

    /// <summary>The write URL for <paramref name="tenant"/>.</summary>
    public Uri UrlFor(string tenant) => _placement switch
    {
        TenantPlacement.UrlTemplate => new Uri(_url.Replace(TenantPlaceholder, EscapePathSegment(tenant), StringComparison.Ordinal)),
        TenantPlacement.ExtraLabel => new Uri(AppendQuery(_url, "extra_label=" + Uri.EscapeDataString($"{_tenantLabel}={tenant}"))),
        _ => new Uri(_url),
    };

    /// <summary>The tenant header, or null when the tenant travels in the URL.</summary>
    public KeyValuePair<string, string>? TenantHeaderFor(string tenant) =>
        _placement == TenantPlacement.Header ? new KeyValuePair<string, string>(_tenantHeader, tenant) : null;

    /// <summary>Adds a query argument before any fragment, after an existing query if there is one.</summary>
    internal static string AppendQuery(string url, string argument)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var (head, fragment) = hash < 0 ? (url, string.Empty) : (url[..hash], url[hash..]);
        var separator = !head.Contains('?', StringComparison.Ordinal) ? "?" : head.EndsWith('?') || head.EndsWith('&') ? string.Empty : "&";
        return head + separator + argument + fragment;
    }

    /// <summary>
    /// Escapes a tenant for a path segment. <c>:</c> stays as it is: VictoriaMetrics cluster tenants are
    /// <c>accountID:projectID</c>.
    /// </summary>
    internal static string EscapePathSegment(string tenant) => string.Join(':', tenant.Split(':').Select(Uri.EscapeDataString));
}
