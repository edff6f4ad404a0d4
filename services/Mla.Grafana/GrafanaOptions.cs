using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;
using Mla.Tenants.Client;

namespace Mla.Grafana;

/// <summary><c>Mla:Grafana</c>: where Grafana is and how the sync writes to it.</summary>
public sealed class GrafanaOptions : IValidatableObject
{
    public const string SectionName = "Mla:Grafana";

    /// <summary>Grafana's root URL; empty: Grafana sync is off.</summary>
    public string? Url { get; set; }

    /// <summary>A Grafana server admin (basic auth: <c>/api/orgs</c> and <c>/api/admin</c> take no service-account token).</summary>
    public string AdminUser { get; set; } = "admin";

    public string? AdminPassword { get; set; }

    /// <summary>
    /// Grafana signs users up on their first login through its auth proxy (as KKP runs it: <c>X-Forwarded-Email</c>):
    /// the sync only adds users Grafana knows to orgs and sets their roles, and waits for the others' first login.
    /// Off: the sync creates users through the admin API.
    /// </summary>
    public bool AuthProxy { get; set; }

    /// <summary>Writes (POST, PUT, PATCH, DELETE) per second at most.</summary>
    [Range(0.1, 100_000)]
    public double MaxWritesPerSecond { get; set; } = 50;

    /// <summary>Orgs per page of <c>GET /api/orgs</c> (pages count from 0).</summary>
    [Range(1, 100_000)]
    public int OrgPageSize { get; set; } = 1000;

    /// <summary>Each seed's read endpoint (the gateway's read path), e.g. <c>eu-1: https://mla-eu-1.example.com/</c>.</summary>
    public Dictionary<string, string> SeedReadUrls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Dashboards (one JSON model a file, with a <c>uid</c>) put into every org.</summary>
    public string? DashboardsDirectory { get; set; }

    /// <summary>The org across every seed: metrics, logs and alerts datasources per seed with its admin read token.</summary>
    public string AdminOrgName { get; set; } = "MLA Admin";

    /// <summary>A full sync this often even without events (it writes nothing when nothing changed).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// With <see cref="AuthProxy"/> on, while members wait for their first login: how often the first-login watch asks
    /// Grafana how many users it has (one <c>GET /api/users/search?perpage=1&amp;page=1</c>, however many wait) and wakes
    /// the sync when the count changed since the last run. 0: off (waiting members join at the next resync).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FirstLoginCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first-login watch runs: the sync on, the auth proxy on, a check interval.</summary>
    public bool WatchesFirstLogin => Enabled && AuthProxy && FirstLoginCheckInterval > TimeSpan.Zero;

    /// <summary>The first wait after a failed run (Grafana unavailable); it doubles after every further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryBackOff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between runs while Grafana is unavailable: it bounds how late the sync notices Grafana is back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MaxRetryBackOff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The tenant service, for the tenants' and seeds' read tokens (a token with the <c>internal</c> role).</summary>
    [ValidateNested]
    public TenantsClientOptions TenantService { get; set; } = new();

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("must be an absolute http or https URL", [nameof(Url)]);
        }

        if (string.IsNullOrEmpty(AdminPassword))
        {
            yield return new ValidationResult("is required with Url: the password of a Grafana server admin", [nameof(AdminPassword)]);
        }

        if (FirstLoginCheckInterval > TimeSpan.Zero && FirstLoginCheckInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return new ValidationResult("must be at least 00:00:00.100, or 0 to turn the first-login watch off", [nameof(FirstLoginCheckInterval)]);
        }

        if (MaxRetryBackOff < RetryBackOff)
        {
            yield return new ValidationResult("must not be shorter than RetryBackOff", [nameof(MaxRetryBackOff)]);
        }

        if (!TenantService.Enabled)
        {
            yield return new ValidationResult("is required with Url: the datasources carry the tenants' read tokens from the tenant service", [$"{nameof(TenantService)}:{nameof(TenantsClientOptions.Url)}"]);
        }
    }
}
