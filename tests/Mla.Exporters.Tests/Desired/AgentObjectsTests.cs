using System.Text.Json.Nodes;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Exporters.Agents;
using Mla.Exporters.Desired;
using Mla.Exporters.Tests.Support;

namespace Mla.Exporters.Tests.Desired;

public sealed class AgentObjectsTests
{
    private static ClusterAgentsSpec Spec => SpecCases.Get(SpecCases.Names[0]);

    [Fact]
    public void Every_object_is_labelled_managed_by_mla_and_namespaced_ones_live_in_mla_system()
    {
        var objects = AgentObjects.Build(Spec);

        Assert.All(objects, o => Assert.Equal("mla", o["metadata"]!["labels"]![ManagedLabels.ManagedByKey]!.GetValue<string>()));
        var clusterScoped = new[] { "Namespace", "ClusterRole", "ClusterRoleBinding" };
        Assert.All(objects.Where(o => !clusterScoped.Contains(o["kind"]!.GetValue<string>())), o => Assert.Equal("mla-system", o["metadata"]!["namespace"]!.GetValue<string>()));
        Assert.Equal(objects.Count, objects.Select(o => (o["kind"]!.GetValue<string>(), o["metadata"]!["name"]!.GetValue<string>())).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(SpecCases.All), MemberType = typeof(SpecCases))]
    public void The_agents_verify_the_gateway_with_the_handed_out_CA_and_without_one_use_their_system_trust_store(string name)
    {
        var withCa = SpecCases.Get(name);
        var withoutCa = SpecCases.Get(name, SpecCases.FakeCredentials with { CaBundlePem = "" });

        Assert.Contains(AgentPaths.CaBundle, AgentText(withCa), StringComparison.Ordinal);
        Assert.DoesNotContain(AgentPaths.CaBundle, AgentText(withoutCa), StringComparison.Ordinal);
        Assert.Contains(AgentPaths.ClientCertificate, AgentText(withoutCa), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_desired_when_monitoring_and_logging_are_off()
    {
        Assert.Empty(AgentObjects.Build(Spec with { MonitoringEnabled = false, LoggingEnabled = false }));
    }

    [Fact]
    public void Logging_only_has_the_log_agent_and_no_metrics_components()
    {
        var kinds = Names(AgentObjects.Build(Spec with { MonitoringEnabled = false }));

        Assert.Contains(("DaemonSet", AgentComponents.LogAgent), kinds);
        Assert.DoesNotContain(kinds, k => k.Name is AgentComponents.MetricsAgent or AgentComponents.NodeExporter or AgentComponents.KubeStateMetrics);
    }

    [Fact]
    public void Node_exporter_and_kube_state_metrics_are_skipped_when_the_cluster_runs_them_or_they_are_switched_off()
    {
        Assert.Contains(("DaemonSet", AgentComponents.NodeExporter), Names(AgentObjects.Build(Spec)));
        Assert.Contains(("Deployment", AgentComponents.KubeStateMetrics), Names(AgentObjects.Build(Spec)));

        var existing = Names(AgentObjects.Build(Spec with { ClusterHasNodeExporter = true, ClusterHasKubeStateMetrics = true }));
        var off = Names(AgentObjects.Build(Spec with { NodeExporter = false, KubeStateMetrics = false }));

        foreach (var kinds in new[] { existing, off })
        {
            Assert.DoesNotContain(kinds, k => k.Name is AgentComponents.NodeExporter or AgentComponents.KubeStateMetrics);
        }

        // The scrape jobs find an existing node-exporter by its standard labels all the same.
        Assert.Contains("node-exporter;9100", MetricsAgentConfig.For(Spec with { ClusterHasNodeExporter = true }).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_buffers_on_a_PVC_and_edge_on_a_size_limited_emptyDir()
    {
        var standard = StatefulSet(Spec);
        var edge = StatefulSet(Spec with { Profile = AgentProfile.Edge });

        Assert.Equal("2Gi", standard["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
        Assert.Null(edge["spec"]!["volumeClaimTemplates"]);
        var buffer = edge["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "buffer")!;
        Assert.Equal("256Mi", buffer["emptyDir"]!["sizeLimit"]!.GetValue<string>());
    }

    [Theory]
    // The Prometheus agent measured ~52 MB resident at the edge (tests/Mla.Benchmarks/README.md): its request covers that.
    [InlineData(MetricsAgentKind.PrometheusAgent, AgentProfile.Edge, "64Mi", "128Mi")]
    [InlineData(MetricsAgentKind.VmAgent, AgentProfile.Edge, "24Mi", "64Mi")]
    [InlineData(MetricsAgentKind.PrometheusAgent, AgentProfile.Standard, "256Mi", "1Gi")]
    [InlineData(MetricsAgentKind.VmAgent, AgentProfile.Standard, "128Mi", "512Mi")]
    public void The_metrics_agent_requests_and_limits_memory_by_agent_and_profile(MetricsAgentKind agent, AgentProfile profile, string request, string limit)
    {
        var resources = StatefulSet(Spec with { MetricsAgent = agent, Profile = profile })["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!;

        Assert.Equal(request, resources["requests"]!["memory"]!.GetValue<string>());
        Assert.Equal(limit, resources["limits"]!["memory"]!.GetValue<string>());
    }

    [Fact]
    public void Tenant_limits_are_pushed_down_into_vmagent_and_prometheus()
    {
        var limits = AgentLimits.From(SpecCases.Limits, bytesPerSample: 8);
        Assert.Equal(new AgentLimits(100_000, 100_000, 20_000, 160_000, 4L * 1024 * 1024), limits);

        var vm = MetricsAgentConfig.For(Spec with { Limits = limits });
        Assert.Contains("-remoteWrite.rateLimit=160000", vm.Args);
        Assert.Contains("-remoteWrite.maxHourlySeries=100000", vm.Args);
        Assert.Contains("sample_limit: 100000", vm.Text, StringComparison.Ordinal);
        Assert.Contains("series_limit: 100000", vm.Text, StringComparison.Ordinal);

        var prometheus = MetricsAgentConfig.For(Spec with { Limits = limits, MetricsAgent = MetricsAgentKind.PrometheusAgent });
        Assert.Contains("sample_limit: 100000", prometheus.Text, StringComparison.Ordinal);
        Assert.Contains("max_samples_per_send: 10000", prometheus.Text, StringComparison.Ordinal);
        Assert.Contains("max_shards: 1", prometheus.Text, StringComparison.Ordinal);

        var none = MetricsAgentConfig.For(Spec with { Limits = AgentLimits.From(new TenantLimits(MonitoringLimits.Defaults, LoggingLimits.Defaults), 8) });
        Assert.DoesNotContain(none.Args, a => a.StartsWith("-remoteWrite.rateLimit", StringComparison.Ordinal) || a.StartsWith("-remoteWrite.maxHourlySeries", StringComparison.Ordinal));
        Assert.DoesNotContain("sample_limit", none.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_scrape_config_cannot_raise_the_per_scrape_limit()
    {
        var extra = new JsonObject { ["job_name"] = "greedy", ["sample_limit"] = 10_000_000, ["static_configs"] = new JsonArray(new JsonObject { ["targets"] = new JsonArray("x:1") }) };

        var text = MetricsAgentConfig.For(Spec with { ExtraScrapeConfigs = [extra] }).Text;

        Assert.DoesNotContain("10000000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renewed_certificate_changes_the_secret_and_restarts_vmagent_through_the_checksum()
    {
        var before = AgentObjects.Build(Spec);
        var after = AgentObjects.Build(Spec with { Credentials = Spec.Credentials with { CertificatePem = "-----BEGIN CERTIFICATE-----\nrenewed\n-----END CERTIFICATE-----\n" } });

        Assert.NotEqual(Secret(before)["data"]!["tls.crt"]!.GetValue<string>(), Secret(after)["data"]!["tls.crt"]!.GetValue<string>());
        Assert.NotEqual(Checksum(StatefulSet(before)), Checksum(StatefulSet(after)));
    }

    [Fact]
    public void External_labels_name_the_cluster_and_seed_and_the_remote_write_goes_to_the_seed_gateway()
    {
        var vm = MetricsAgentConfig.For(Spec);
        Assert.Contains($"-remoteWrite.label=cluster={Spec.ClusterId}", vm.Args);
        Assert.Contains("-remoteWrite.label=seed=europe-west", vm.Args);
        Assert.Contains("-remoteWrite.url=https://gateway.europe-west.example:8443/api/v1/push", vm.Args);

        var prometheus = MetricsAgentConfig.For(Spec with { MetricsAgent = MetricsAgentKind.PrometheusAgent });
        Assert.Contains("url: https://gateway.europe-west.example:8443/api/v1/push", prometheus.Text, StringComparison.Ordinal);
        Assert.Contains($"cluster: {Spec.ClusterId}", prometheus.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker.io/victoriametrics/vmagent:v1.79.5", true)]
    [InlineData("registry:5000/vmagent@sha256:0123", true)]
    [InlineData("docker.io/victoriametrics/vmagent", false)]
    [InlineData("registry:5000/vmagent", false)]
    [InlineData("docker.io/victoriametrics/vmagent:latest", false)]
    public void Images_must_be_pinned(string image, bool pinned)
    {
        Assert.Equal(pinned, AgentImages.IsPinned(image));
    }

    [Fact]
    public void Profile_comes_from_the_cluster_label_then_the_seed_then_the_default()
    {
        var options = new ExportersOptions { SeedProfiles = { ["edge-seed"] = AgentProfile.Edge } };

        Assert.Equal(AgentProfile.Standard, options.ProfileFor("s", new Dictionary<string, string>()));
        Assert.Equal(AgentProfile.Edge, options.ProfileFor("edge-seed", new Dictionary<string, string>()));
        Assert.Equal(AgentProfile.Standard, options.ProfileFor("edge-seed", new Dictionary<string, string> { [ManagedLabels.ProfileLabel] = "standard" }));
        Assert.Equal(AgentProfile.Edge, options.ProfileFor("s", new Dictionary<string, string> { [ManagedLabels.ProfileLabel] = "edge" }));
    }

    [Fact]
    public void Credentials_never_print_their_secrets()
    {
        Assert.DoesNotContain("PRIVATE", Spec.Credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", Spec.ToString(), StringComparison.Ordinal);
    }

    private static List<(string Kind, string Name)> Names(IReadOnlyList<JsonObject> objects) =>
        objects.Select(o => (o["kind"]!.GetValue<string>(), o["metadata"]!["name"]!.GetValue<string>())).ToList();

    private static JsonObject StatefulSet(ClusterAgentsSpec spec) => StatefulSet(AgentObjects.Build(spec));

    private static JsonObject StatefulSet(IReadOnlyList<JsonObject> objects) => objects.Single(o => o["kind"]!.GetValue<string>() == "StatefulSet");

    private static JsonObject Secret(IReadOnlyList<JsonObject> objects) => objects.Single(o => o["kind"]!.GetValue<string>() == "Secret");

    private static string Checksum(JsonObject statefulSet) =>
        statefulSet["spec"]!["template"]!["metadata"]!["annotations"]![ManagedLabels.CredentialsChecksumAnnotation]!.GetValue<string>();

    private static string AgentText(ClusterAgentsSpec spec)
    {
        var metrics = MetricsAgentConfig.For(spec);
        var logs = LogAgentConfig.For(spec);
        return string.Join('\n', [metrics.Text, .. metrics.Args, .. logs.Files.Values, .. logs.Args]);
    }
}
