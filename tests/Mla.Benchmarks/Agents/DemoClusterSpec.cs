using Mla.Contracts.Clusters;
using Mla.Contracts.Tenants;
using Mla.Exporters;
using Mla.Exporters.Desired;
using Mla.Exporters.Export;
using Mla.Exporters.Fleet;

namespace Mla.Benchmarks.Agents;

/// <summary>
/// The desired state of a demo cluster as the exporter service builds it (<see cref="ClusterExporter.Spec(ExportersOptions, ClusterRecord, string, Mla.Tenants.Client.TenantCredentials, Uri, ClusterFacts, AgentImages?)"/>):
/// the service's default settings except the metrics agent (<c>Mla:Exporters:MetricsAgent</c>), the profile from
/// the cluster's label <c>mla.k8c.io/profile</c>, a Ready tenant with the platform's default limits, a freshly
/// issued client certificate, render mode (the cluster runs no exporters of its own, no extra scrape configs).
/// </summary>
internal static class DemoClusterSpec
{
    public const string Seed = "europe-west3";
    public const string ProjectId = "demoshop01";

    private static readonly Uri Gateway = new("https://gateway.europe-west3.example:8443/");

    public static ClusterAgentsSpec For(string clusterId, MetricsAgentKind agent, AgentProfile profile)
    {
        var settings = new ExportersOptions { MetricsAgent = agent, RenderDirectory = "rendered" };
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["env"] = "prod",
            [ManagedLabels.ProfileLabel] = profile.ToString().ToLowerInvariant(),
        };
        var now = DateTimeOffset.UtcNow;
        var cluster = new ClusterState(clusterId, clusterId, Seed, ProjectId, "Running", MonitoringEnabled: true, LoggingEnabled: true, labels);
        var limits = Mla.Tenants.Reconciliation.TenantLimitDefaults.Platform().Resolve(monitoring: null, logging: null);
        var tenant = new TenantState(clusterId, clusterId, Seed, ProjectId, TenantStatus.Ready, limits, CertificateSerial: null, CertificateNotAfter: null, now);
        var record = new ClusterRecord(clusterId, cluster, now, ClusterDeleted: false, tenant);
        var spec = ClusterExporter.Spec(settings, record, Seed, ThrowAwayPki.Issue(clusterId), Gateway, ClusterFacts.None);
        if (spec.Profile != profile || spec.MetricsAgent != agent)
        {
            throw new InvalidOperationException($"the exporter chose {spec.MetricsAgent}/{spec.Profile} for {clusterId}, not {agent}/{profile}");
        }

        return spec;
    }
}
