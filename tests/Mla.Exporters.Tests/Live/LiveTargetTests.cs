using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mla.Contracts.Agents;
using Mla.Exporters.Desired;
using Mla.Exporters.Export;
using Mla.Exporters.Live;
using Mla.Exporters.Tests.Support;
using Mla.Kubernetes.TestServer;

namespace Mla.Exporters.Tests.Live;

/// <summary>Live mode against the Kubernetes API test server: apply, idle passes that only read, drift repair, prune, removal, unreachable.</summary>
public sealed class LiveTargetTests : IAsyncLifetime
{
    private const string Cluster = "c1";
    private readonly TempDirectory _kubeconfigs = new();
    private readonly ListLogger<LiveTarget> _log = new();
    private KubeApiServer _server = null!;
    private LiveTarget _target = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { WorkloadReadyDelay = TimeSpan.FromMilliseconds(200), NodeCount = 2 });
        _server.WriteKubeconfig(Path.Combine(_kubeconfigs.Path, Cluster + ".kubeconfig"));
        var options = Options.Create(new ExportersOptions { Mode = ExportMode.Live, Live = new LiveOptions { HealthTimeout = TimeSpan.FromMinutes(5) } });
        _target = new LiveTarget(options, new DirectoryKubeconfigSource(_kubeconfigs.Path), TimeProvider.System, _log);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _kubeconfigs.Dispose();
    }

    private static ClusterAgentsSpec Spec => SpecCases.Get(SpecCases.Names[0]) with { ClusterId = Cluster };

    [Fact]
    public async Task First_pass_applies_everything_as_mla_exporters_then_the_agents_become_Healthy_and_an_idle_pass_writes_nothing()
    {
        var objects = AgentObjects.Build(Spec);

        var first = await _target.ApplyAsync("s", Cluster, objects, CancellationToken.None);

        Assert.Equal(AgentStatus.Progressing, first.Status);
        Assert.Equal(objects.Count, first.Writes);
        foreach (var obj in objects)
        {
            var stored = Stored(obj);
            Assert.NotNull(stored);
            Assert.Contains(stored!["metadata"]!["managedFields"]!.AsArray(), m => m!["manager"]!.GetValue<string>() == ManagedLabels.FieldManager && m["operation"]!.GetValue<string>() == "Apply");
        }

        var healthy = await PassUntilAsync(objects, AgentStatus.Healthy);
        Assert.Equal(0, healthy.Writes);

        _server.Requests.Reset();
        var idle = await _target.ApplyAsync("s", Cluster, objects, CancellationToken.None);
        Assert.Equal(AgentStatus.Healthy, idle.Status);
        Assert.Equal(0, idle.Writes);
        Assert.Equal(0, _server.Requests.Writes);
        Assert.True(_server.Requests.Count("list") > 0);
    }

    [Fact]
    public async Task Drift_is_repaired_at_the_next_pass_an_object_deleted_by_hand_is_back_and_a_replica_count_edited_by_hand_restored()
    {
        var objects = AgentObjects.Build(Spec);
        await _target.ApplyAsync("s", Cluster, objects, CancellationToken.None);
        await PassUntilAsync(objects, AgentStatus.Healthy);
        using var kubectl = new Kubectl(_server);
        (await kubectl.RunAsync("delete", "configmap", AgentComponents.MetricsAgent, "-n", ManagedLabels.Namespace)).EnsureSuccess();
        (await kubectl.RunAsync("scale", "statefulset", AgentComponents.MetricsAgent, "-n", ManagedLabels.Namespace, "--replicas=3")).EnsureSuccess();
        Assert.Null(_server.Get("v1", "ConfigMap", ManagedLabels.Namespace, AgentComponents.MetricsAgent));

        _server.Requests.Reset();
        var repair = await _target.ApplyAsync("s", Cluster, objects, CancellationToken.None);

        Assert.Equal(2, repair.Writes);
        Assert.Equal(2, _server.Requests.Writes);
        Assert.NotNull(_server.Get("v1", "ConfigMap", ManagedLabels.Namespace, AgentComponents.MetricsAgent));
        Assert.Equal(1, _server.Get("apps/v1", "StatefulSet", ManagedLabels.Namespace, AgentComponents.MetricsAgent)!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_renewed_certificate_updates_the_Secret_and_restarts_the_agents_that_need_it_nothing_else()
    {
        var first = TestPki.Create(Cluster);
        await _target.ApplyAsync("s", Cluster, AgentObjects.Build(Spec with { Credentials = first }), CancellationToken.None);
        var renewed = first with { CertificatePem = TestPki.Create(Cluster).CertificatePem };

        _server.Requests.Reset();
        var outcome = await _target.ApplyAsync("s", Cluster, AgentObjects.Build(Spec with { Credentials = renewed }), CancellationToken.None);

        var secret = _server.Get("v1", "Secret", ManagedLabels.Namespace, AgentComponents.CredentialsSecret)!;
        Assert.Equal(renewed.CertificatePem, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["tls.crt"]!.GetValue<string>())));
        // The Secret, and the vmagent StatefulSet and Fluent Bit DaemonSet through their credentials checksum.
        Assert.Equal(3, outcome.Writes);
        Assert.Equal(1, _server.Requests.WritesOf("secrets"));
        Assert.Equal(1, _server.Requests.WritesOf("statefulsets"));
        Assert.Equal(1, _server.Requests.WritesOf("daemonsets"));
    }

    [Fact]
    public async Task Objects_no_longer_desired_are_pruned_and_removal_leaves_nothing_managed_by_mla()
    {
        await _target.ApplyAsync("s", Cluster, AgentObjects.Build(Spec), CancellationToken.None);

        await _target.ApplyAsync("s", Cluster, AgentObjects.Build(Spec with { LoggingEnabled = false }), CancellationToken.None);
        Assert.Null(_server.Get("apps/v1", "DaemonSet", ManagedLabels.Namespace, AgentComponents.LogAgent));
        Assert.Null(_server.Get("v1", "ConfigMap", ManagedLabels.Namespace, AgentComponents.LogAgent));
        Assert.Null(_server.Get("rbac.authorization.k8s.io/v1", "ClusterRole", null, AgentComponents.LogAgent));
        Assert.NotNull(_server.Get("apps/v1", "StatefulSet", ManagedLabels.Namespace, AgentComponents.MetricsAgent));

        var removed = await RemoveUntilGoneAsync();

        Assert.Equal(AgentStatus.Removed, removed.Status);
        using var kubectl = new Kubectl(_server);
        var left = await kubectl.RunAsync("get", "statefulsets,daemonsets,deployments,configmaps,secrets,serviceaccounts,services,clusterroles,clusterrolebindings,namespaces", "-A", "-l", ManagedLabels.ManagedBySelector, "-o", "name");
        Assert.True(left.Succeeded, left.ToString());
        Assert.Equal("", left.Stdout.Trim());
    }

    [Fact]
    public async Task A_node_exporter_and_kube_state_metrics_the_cluster_already_runs_are_found_and_extra_scrape_configs_are_read()
    {
        _server.Create(Workload("DaemonSet", "kube-system", "node-exporter"));
        _server.Create(Workload("Deployment", "kube-system", "kube-state-metrics"));
        _server.Create((JsonObject)JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"mla-system"}}
            """)!);
        _server.Create((JsonObject)JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"extra","namespace":"mla-system","labels":{"mla.k8c.io/scrape-config":"true"}},
             "data":{"jobs.yaml":"- job_name: my-app\n  scrape_interval: 15s\n  static_configs:\n    - targets: ['my-app.default.svc:8080']\n"}}
            """)!);

        var facts = await _target.InspectAsync("s", Cluster, CancellationToken.None);

        Assert.True(facts.HasNodeExporter);
        Assert.True(facts.HasKubeStateMetrics);
        var job = Assert.Single(facts.ExtraScrapeConfigs);
        Assert.Equal("my-app", job["job_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unavailable_cluster_is_reported_unreachable()
    {
        _server.Unavailable = true;

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => _target.ApplyAsync("s", Cluster, AgentObjects.Build(Spec), CancellationToken.None));

        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ClusterUnreachableException>(() => _target.ApplyAsync("s", "no-kubeconfig", AgentObjects.Build(Spec), CancellationToken.None));
    }

    [Fact]
    public async Task No_key_or_certificate_reaches_the_log()
    {
        var credentials = TestPki.Create(Cluster);
        await _target.ApplyAsync("s", Cluster, AgentObjects.Build(Spec with { Credentials = credentials }), CancellationToken.None);
        await RemoveUntilGoneAsync();

        Assert.NotEmpty(_log.Lines);
        Assert.All(_log.Lines, line =>
        {
            Assert.DoesNotContain("PRIVATE KEY", line, StringComparison.Ordinal);
            Assert.DoesNotContain(credentials.PrivateKeyPem.Split('\n')[1], line, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials.PrivateKeyPem))[..40], line, StringComparison.Ordinal);
        });
    }

    private JsonObject? Stored(JsonObject obj) =>
        _server.Get(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>(), obj["metadata"]!["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());

    private async Task<ExportOutcome> PassUntilAsync(IReadOnlyList<JsonObject> objects, AgentStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var outcome = await _target.ApplyAsync("s", Cluster, objects, CancellationToken.None);
            if (outcome.Status == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, outcome.Status);
                return outcome;
            }

            await Task.Delay(100);
        }
    }

    private async Task<ExportOutcome> RemoveUntilGoneAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var outcome = await _target.RemoveAsync("s", Cluster, CancellationToken.None);
            if (outcome.Status == AgentStatus.Removed || DateTime.UtcNow > deadline)
            {
                return outcome;
            }

            await Task.Delay(100);
        }
    }

    private static JsonObject Workload(string kind, string ns, string name)
    {
        var labels = new JsonObject { ["app.kubernetes.io/name"] = name };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels.DeepClone() },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "x:1" }) },
                },
            },
        };
    }
}
