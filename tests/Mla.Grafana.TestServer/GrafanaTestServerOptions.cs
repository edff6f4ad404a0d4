namespace Mla.Grafana.TestServer;

/// <summary>How the fake Grafana behaves.</summary>
public sealed record GrafanaTestServerOptions
{
    public string AdminLogin { get; init; } = "admin";

    public string AdminPassword { get; init; } = "admin-password";

    /// <summary>The version <c>/api/health</c> reports.</summary>
    public string Version { get; init; } = "13.0.1";

    /// <summary>New users join org 1 as Viewer (Grafana's <c>auto_assign_org</c>, on by default).</summary>
    public bool AutoAssignOrg { get; init; } = true;

    /// <summary>
    /// <c>[auth.proxy]</c> on with this header (KKP: <c>X-Forwarded-Email</c>, <c>header_property = username</c>); null:
    /// off. On: a request carrying the header is that user, signed up on its first request (<c>GET /api/user</c>), and a
    /// datasource may not send a custom header of that name.
    /// </summary>
    public string? AuthProxyHeaderName { get; init; }
}
