using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Mla.Exporters.Agents;
using Mla.Exporters.Desired;
using Mla.Exporters.Rendering;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Tenants;
using Mla.IntegrationTests.Webhooks;
using Mla.Kubernetes.TestServer;
using Mla.TestSupport.Processes;
using Mla.TestSupport.VictoriaMetrics;
using Mla.Webhooks.CloudEvents;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>
/// The whole chain with real parts: a signed <c>cluster.created</c> → webhooks → RabbitMQ → tenant Ready → the
/// exporter (live mode) applies the agents into that cluster's Kubernetes API test server → the metrics agent's
/// configuration, read back from what was applied and run with the real vmagent (only scrape target and file paths
/// rewritten), verifies the real gateway's server certificate with the handed-out CA and writes through it into
/// VictoriaMetrics under that tenant only. Then renewal, drift repair, MLA off, and a scan of the logs.
/// </summary>
[Collection(TenantsCollection.Name)]
public sealed class AgentsEndToEndTests(TenantsBroker rabbit, ITestOutputHelper output) : IAsyncLifetime
{
    private VictoriaMetricsServer _victoria = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _victoria = await VictoriaMetricsServer.StartAsync();
        _directory = Directory.CreateTempSubdirectory("mla-agents-e2e-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _victoria.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_created_cluster_gets_agents_that_write_through_the_gateway_for_its_tenant_only_and_are_kept_right_until_MLA_is_off()
    {
        // 2-minute certificates renewed at two thirds: the renewal comes while the test runs, the first one stays valid meanwhile.
        await using var pipeline = await TenantPipeline.StartAsync(rabbit.Server, _victoria, new Dictionary<string, string?>
        {
            ["Mla:Tenants:CertificateLifetime"] = "00:02:00",
            ["Mla:Tenants:RenewalCheckInterval"] = "00:00:01",
        });
        var kubeconfigs = Directory.CreateDirectory(Path.Combine(_directory, "kubeconfigs")).FullName;
        await using var exporters = await ExportersTestApp.StartAsync(new Dictionary<string, string?>(BusSettings.RabbitMq(rabbit.Server))
        {
            ["Mla:Exporters:Mode"] = "Live",
            ["Mla:Exporters:Live:KubeconfigSource"] = "Directory",
            ["Mla:Exporters:Live:KubeconfigDirectory"] = kubeconfigs,
            ["Mla:Exporters:Live:RecheckInterval"] = "00:00:00.500",
            ["Mla:Exporters:ResyncInterval"] = "00:00:03",
            ["Mla:Exporters:ScrapeInterval"] = "00:00:05",
            ["Mla:Exporters:GatewayUrl"] = pipeline.Gateway.TlsUrl!.ToString(),
            ["Mla:Exporters:Tenants:Url"] = pipeline.Tenants.Http.BaseAddress!.ToString(),
            ["Mla:Exporters:Tenants:Token"] = TestAccess.InternalToken,
        });
        await using var cluster = await KubeApiServer.StartAsync(new KubeApiServerOptions { WorkloadReadyDelay = TimeSpan.FromMilliseconds(200), NodeCount = 1 });

        var clusterId = await pipeline.CreateClusterAsync();
        cluster.WriteKubeconfig(Path.Combine(kubeconfigs, clusterId + ".kubeconfig"));
        await exporters.WaitForStatusAsync(clusterId, "Healthy");

        // The Secret holds the certificate the tenant service issued, and the CA of the gateway's server certificate.
        var issued = await pipeline.CredentialsAsync(clusterId);
        var secret = SecretOf(cluster);
        Assert.Equal(issued.CertificatePem, secret.CertificatePem);
        Assert.Equal(File.ReadAllText(pipeline.Pki.ServerCaPath).TrimEnd(), secret.CaBundlePem.TrimEnd());
        Assert.NotEqual(issued.ClientCaBundlePem.TrimEnd(), secret.CaBundlePem.TrimEnd());

        // The applied metrics-agent configuration, run with the real vmagent against the real gateway over mTLS.
        var (run, paths) = LocalRun(cluster, pipeline.Gateway.HttpUrl.Authority, new Uri(pipeline.Gateway.TlsUrl, "/api/v1/push"));
        Assert.DoesNotContain(run.Args, a => a.Contains("InsecureSkipVerify", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("-remoteWrite.tlsCAFile=" + Path.Combine(paths.CredentialsDirectory, "ca.crt"), run.Args);
        run.WriteFiles(paths, secret);
        await using (var agent = StartVmAgent(run))
        {
            var up = await Eventually.WaitAsync(
                () => _victoria.QueryAsync($"up{{cluster=\"{clusterId}\"}}", extraLabel: $"tenant={clusterId}"),
                series => series.Count > 0,
                TimeSpan.FromSeconds(90),
                _ => $"no samples of cluster {clusterId} under its tenant; vmagent:\n{agent.ReadLogTail()}");
            Assert.All(up, s => Assert.Equal(clusterId, s.Labels["tenant"]));
            Assert.Equal("europe-west3", up[0].Labels["seed"]);
            Assert.Empty(await _victoria.QueryAsync($"up{{cluster=\"{clusterId}\"}}", extraLabel: "tenant=someone-else"));
            Assert.DoesNotContain("certificate signed by unknown authority", agent.ReadLogTail(), StringComparison.Ordinal);
        }

        // Renewal: the Secret follows the tenant service's new certificate.
        var renewed = await Eventually.WaitAsync(
            () => Task.FromResult(SecretOf(cluster)),
            s => s.CertificatePem != issued.CertificatePem,
            TimeSpan.FromSeconds(150),
            _ => "the Secret still holds the first certificate");
        using (var first = X509Certificate2.CreateFromPem(issued.CertificatePem))
        using (var second = X509Certificate2.CreateFromPem(renewed.CertificatePem))
        using (var current = (await pipeline.CredentialsAsync(clusterId)).Certificate())
        {
            Assert.NotEqual(first.SerialNumber, second.SerialNumber);
            Assert.Equal(current.SerialNumber, second.SerialNumber);
        }

        // Drift: an object deleted by hand is back and a replica count edited by hand restored at the next periodic check.
        Assert.True(cluster.Delete("v1", "ConfigMap", ManagedLabels.Namespace, AgentComponents.MetricsAgent));
        using (var kubectl = new Kubectl(cluster))
        {
            (await kubectl.RunAsync("scale", "statefulset", AgentComponents.MetricsAgent, "-n", ManagedLabels.Namespace, "--replicas=3")).EnsureSuccess();
        }

        await Eventually.WaitAsync(
            () => Task.FromResult((
                ConfigMap: cluster.Get("v1", "ConfigMap", ManagedLabels.Namespace, AgentComponents.MetricsAgent) is not null,
                Replicas: cluster.Get("apps/v1", "StatefulSet", ManagedLabels.Namespace, AgentComponents.MetricsAgent)?["spec"]?["replicas"]?.GetValue<long>())),
            drift => drift.ConfigMap && drift.Replicas == 1,
            TimeSpan.FromSeconds(60),
            drift => $"drift not repaired: ConfigMap present {drift.ConfigMap}, replicas {drift.Replicas}");

        // MLA off (a signed cluster.updated): nothing labelled managed-by=mla is left in the cluster.
        var off = ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, clusterId);
        off["time"] = DateTimeOffset.UtcNow.AddSeconds(1).ToString("O");
        off["data"]!["spec"]!["mla"] = new JsonObject { ["monitoringEnabled"] = false, ["loggingEnabled"] = false };
        Assert.Equal(HttpStatusCode.Accepted, (await pipeline.Webhooks.PostAsync(ExampleEvent.Bytes(off))).StatusCode);
        await exporters.WaitForStatusAsync(clusterId, "Removed");
        using (var kubectl = new Kubectl(cluster))
        {
            var left = await kubectl.RunAsync("get", "statefulsets,daemonsets,deployments,configmaps,secrets,serviceaccounts,services,clusterroles,clusterrolebindings,namespaces", "-A", "-l", ManagedLabels.ManagedBySelector, "-o", "name");
            Assert.True(left.Succeeded, left.ToString());
            Assert.Equal("", left.Stdout.Trim());
        }

        // No kubeconfig, token or key in any log line of the services.
        var kubeconfig = File.ReadAllText(Path.Combine(kubeconfigs, clusterId + ".kubeconfig"));
        var keyLine = issued.PrivateKeyPem.Split('\n')[1];
        var secrets = new[] { "mla-test-token", keyLine, TestAccess.InternalToken, issued.BearerToken ?? keyLine, Convert.ToBase64String(Encoding.UTF8.GetBytes(issued.PrivateKeyPem))[..40] };
        exporters.Logs.AssertNoSecrets(secrets);
        pipeline.Tenants.Logs.AssertNoSecrets(secrets);
        Assert.All(exporters.Logs.Lines, line => Assert.DoesNotContain("current-context", line, StringComparison.Ordinal));
        output.WriteLine($"cluster {clusterId}: {exporters.Logs.Lines.Count} exporter log lines scanned; kubeconfig of {kubeconfig.Length} chars never logged");
    }

    private static AgentCredentials SecretOf(KubeApiServer cluster)
    {
        var data = cluster.Get("v1", "Secret", ManagedLabels.Namespace, AgentComponents.CredentialsSecret)!["data"]!;
        string Read(string key) => Encoding.UTF8.GetString(Convert.FromBase64String(data[key]!.GetValue<string>()));
        return new AgentCredentials(Read("tls.crt"), Read("tls.key"), Read("ca.crt"));
    }

    /// <summary>The applied ConfigMap and StatefulSet written as a rendered folder, then made runnable here as the embedded default does.</summary>
    private (LocalAgentRun Run, LocalPaths Paths) LocalRun(KubeApiServer cluster, string scrapeTarget, Uri pushUrl)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, "applied")).FullName;
        var configMap = cluster.Get("v1", "ConfigMap", ManagedLabels.Namespace, AgentComponents.MetricsAgent)!;
        var statefulSet = cluster.Get("apps/v1", "StatefulSet", ManagedLabels.Namespace, AgentComponents.MetricsAgent)!;
        File.WriteAllText(Path.Combine(folder, "10-configmap-" + AgentComponents.MetricsAgent + ".yaml"), YamlText.Write(configMap));
        File.WriteAllText(Path.Combine(folder, "11-statefulset-" + AgentComponents.MetricsAgent + ".yaml"), YamlText.Write(statefulSet));
        var paths = new LocalPaths(Path.Combine(_directory, "run"));
        return (LocalAgentRun.FromRendered(folder, paths, [scrapeTarget], "127.0.0.1:" + FreeTcpPort.Next(), pushUrl), paths);
    }

    private ChildProcess StartVmAgent(LocalAgentRun run) =>
        ChildProcess.Start(new ChildProcessSpec(
            "/usr/bin/vmagent",
            [.. run.Args, "-remoteWrite.flushInterval=1s", "-loggerLevel=WARN"],
            Path.Combine(_directory, "vmagent.log")));
}
