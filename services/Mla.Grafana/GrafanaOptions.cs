namespace Mla.Grafana;

/// <summary><c>Mla:Grafana</c>: where Grafana is and how the sync writes to it.</summary>
public sealed class GrafanaOptions
{
    public const string SectionName = "Mla:Grafana";

    /// <summary>Grafana's root URL; empty: Grafana sync is off.</summary>
    public string? Url { get; set; }

    /// <summary>A Grafana server admin (basic auth: <c>/api/orgs</c> and <c>/api/admin</c> take no service-account token).</summary>
    public string AdminUser { get; set; } = "admin";

    public string? AdminPassword { get; set; }

    /// <summary>Writes (POST, PUT, PATCH, DELETE) per second at most.</summary>
    public double MaxWritesPerSecond { get; set; } = 50;

    /// <summary>Orgs per page of <c>GET /api/orgs</c> (pages count from 0).</summary>
    public int OrgPageSize { get; set; } = 1000;

    /// <summary>Each seed's read endpoint (the gateway's read path), e.g. <c>eu-1: https://mla-eu-1.example.com/</c>.</summary>
    public Dictionary<string, string> SeedReadUrls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Dashboards (one JSON model a file, with a <c>uid</c>) put into every org.</summary>
    public string? DashboardsDirectory { get; set; }

    /// <summary>The org across every seed: metrics, logs and alerts datasources per seed with its admin read token.</summary>
    public string AdminOrgName { get; set; } = "MLA Admin";
}
