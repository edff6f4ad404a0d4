using Microsoft.Extensions.Options;
using Mla.Contracts.Agents;
using Mla.Dapr.TestServer;
using Mla.Exporters.Desired;
using Mla.Exporters.Export;
using Mla.Exporters.Live;
using Mla.Exporters.Tests.Support;
using Mla.Kubernetes.TestServer;

namespace Mla.Exporters.Tests.Dapr;

/// <summary>Live mode with the kubeconfigs in a Dapr secret store: the fake sidecar in front, the Kubernetes API test server behind.</summary>
public sealed class DaprKubeconfigSourceTests : IAsyncLifetime
{
    private const string Store = "cluster-secrets";
    private readonly ListLogger<LiveTarget> _log = new();
    private FakeDaprSidecar _sidecar = null!;
    private KubeApiServer _server = null!;
    private DaprKubeconfigSource _source = null!;
    private LiveTarget _target = null!;

    public async Task InitializeAsync()
    {
        _sidecar = await FakeDaprSidecar.StartAsync(apiToken: "sidecar-token");
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { WorkloadReadyDelay = TimeSpan.FromMilliseconds(100) });
        var live = new LiveOptions
        {
            KubeconfigSource = KubeconfigSourceKind.Dapr,
            Dapr = new DaprSecretOptions
            {
                SecretStore = Store,
                SecretName = "kubeconfig-{1}-{0}",
                GrpcEndpoint = _sidecar.GrpcEndpoint,
                ApiToken = "sidecar-token",
                Metadata = { ["namespace"] = "kkp" },
            },
        };
        _source = DaprKubeconfigSource.Create(live.Dapr);
        _target = new LiveTarget(Options.Create(new ExportersOptions { Mode = ExportMode.Live, Live = live }), _source, TimeProvider.System, _log);
    }

    public async Task DisposeAsync()
    {
        _source.Dispose();
        await _server.DisposeAsync();
        await _sidecar.DisposeAsync();
    }

    [Fact]
    public async Task The_clusters_kubeconfig_is_read_from_the_secret_store_and_the_agents_are_applied_to_that_cluster()
    {
        _sidecar.SetSecret(Store, "kubeconfig-eu-c1", new Dictionary<string, string> { ["kubeconfig"] = File.ReadAllText(_server.KubeconfigPath) });
        var objects = AgentObjects.Build(SpecCases.Get(SpecCases.Names[0]) with { ClusterId = "c1" });

        var outcome = await _target.ApplyAsync("eu", "c1", objects, CancellationToken.None);

        Assert.Equal(AgentStatus.Progressing, outcome.Status);
        Assert.NotNull(_server.Get("apps/v1", "StatefulSet", ManagedLabels.Namespace, AgentComponents.MetricsAgent));
        Assert.All(_sidecar.Reads, read => Assert.Equal(("GetSecret", Store, "kubeconfig-eu-c1", "kkp"), (read.Method, read.Store, read.Key, read.Metadata["namespace"])));
    }

    [Fact]
    public async Task A_missing_secret_makes_the_cluster_unreachable_with_a_reason_naming_the_secret_and_never_its_content()
    {
        var kubeconfig = File.ReadAllText(_server.KubeconfigPath);
        _sidecar.SetSecret(Store, "kubeconfig-eu-other", new Dictionary<string, string> { ["kubeconfig"] = kubeconfig });
        _sidecar.SetSecret(Store, "kubeconfig-eu-nokey", new Dictionary<string, string> { ["config"] = kubeconfig });
        var objects = AgentObjects.Build(SpecCases.Get(SpecCases.Names[0]) with { ClusterId = "c2" });

        var missing = await Assert.ThrowsAsync<ClusterUnreachableException>(() => _target.ApplyAsync("eu", "c2", objects, CancellationToken.None));
        var noKey = await Assert.ThrowsAsync<ClusterUnreachableException>(() => _target.ApplyAsync("eu", "nokey", objects, CancellationToken.None));

        Assert.Contains("'kubeconfig-eu-c2'", missing.Message, StringComparison.Ordinal);
        Assert.Contains(Store, missing.Message, StringComparison.Ordinal);
        Assert.Contains("'kubeconfig-eu-nokey'", noKey.Message, StringComparison.Ordinal);
        Assert.Contains("no key 'kubeconfig'", noKey.Message, StringComparison.Ordinal);
        Assert.All(new[] { missing.Message, noKey.Message }.Concat(_log.Lines), text =>
        {
            Assert.DoesNotContain("mla-test-token", text, StringComparison.Ordinal);
            Assert.DoesNotContain(_server.BaseUri.Authority, text, StringComparison.Ordinal);
            Assert.DoesNotContain("sidecar-token", text, StringComparison.Ordinal);
        });
        Assert.Null(_server.Get("apps/v1", "StatefulSet", ManagedLabels.Namespace, AgentComponents.MetricsAgent));
    }

    [Fact]
    public async Task An_unknown_store_is_reported_as_such()
    {
        var other = DaprKubeconfigSource.Create(new DaprSecretOptions { SecretStore = "no-such-store", GrpcEndpoint = _sidecar.GrpcEndpoint, ApiToken = "sidecar-token" });
        using (other)
        {
            var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => other.GetAsync("eu", "c1", CancellationToken.None));
            Assert.Contains("no secret store 'no-such-store'", error.Message, StringComparison.Ordinal);
        }
    }
}
