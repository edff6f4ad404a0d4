using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Store;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Kubectl;

/// <summary>The real kubectl (v1.32 on the PATH, or MLA_KUBECTL) against the server: the double is honest if kubectl works.</summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;
    private TestServer.Kubectl _kubectl = null!;
    private string _manifests = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { WorkloadReadyDelay = TimeSpan.FromMilliseconds(300) });
        _kubectl = new TestServer.Kubectl(_server);
        _manifests = Directory.CreateTempSubdirectory("mla-kubectl-manifests-").FullName;
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        Directory.Delete(_manifests, recursive: true);
        await _server.DisposeAsync();
    }

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_manifests, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string Namespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        """;

    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
          labels:
            app: shop
            tier: front
        data:
          mode: fast
        """;

    private static string Deployment(string image = "nginx:1", int replicas = 2) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels:
            app: shop
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: {image}
        """;

    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            app: web
          ports:
          - port: 80
        """;

    private async Task ApplyShopAsync()
    {
        Write("1-namespace.yaml", Namespace);
        Write("2-configmap.yaml", ConfigMap);
        Write("3-deployment.yaml", Deployment());
        Write("4-service.yaml", Service);
        var result = await _kubectl.RunAsync("apply", "--server-side", "-f", _manifests);
        result.EnsureSuccess();
        Assert.Contains("deployment.apps/web serverside-applied", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ns_and_api_resources()
    {
        var ns = (await _kubectl.RunAsync("get", "ns")).EnsureSuccess();
        Assert.Contains("kube-system", ns.Stdout, StringComparison.Ordinal);
        var resources = (await _kubectl.RunAsync("api-resources")).EnsureSuccess();
        Assert.Contains("deployments", resources.Stdout, StringComparison.Ordinal);
        Assert.Contains("deploy", resources.Stdout, StringComparison.Ordinal);
        Assert.Contains("customresourcedefinitions", resources.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_server_side_of_a_directory_creates_everything()
    {
        await ApplyShopAsync();
        Assert.NotNull(_server.Get("v1", "Namespace", null, "shop"));
        Assert.NotNull(_server.Get("v1", "ConfigMap", "shop", "settings"));
        Assert.NotNull(_server.Get("v1", "Service", "shop", "web"));
        var deployment = _server.Get("apps/v1", "Deployment", "shop", "web")!;
        Assert.Equal("kubectl", Json.Str(deployment["metadata"]!["managedFields"]![0], "manager"));
        var again = (await _kubectl.RunAsync("apply", "--server-side", "-f", _manifests)).EnsureSuccess();
        Assert.Contains("configmap/settings serverside-applied", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflicting_apply_fails_with_kubectls_message_unless_forced()
    {
        await ApplyShopAsync();
        var other = Write("other.yaml", Deployment(image: "nginx:2"));
        var conflict = await _kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "-f", other);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.template.spec.containers[name=\"web\"].image", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force-conflicts", conflict.Stderr, StringComparison.Ordinal);
        (await _kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", other)).EnsureSuccess();
        var image = (await _kubectl.RunAsync("get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).EnsureSuccess();
        Assert.Equal("nginx:2", image.Stdout);
    }

    [Fact]
    public async Task Get_with_a_label_selector_as_json()
    {
        await ApplyShopAsync();
        var result = (await _kubectl.RunAsync("get", "configmaps", "-n", "shop", "-l", "app in (shop,x),!nope", "-o", "json")).EnsureSuccess();
        var items = JsonNode.Parse(result.Stdout)!["items"]!.AsArray();
        Assert.Equal("settings", items.Single()!["metadata"]!["name"]!.GetValue<string>());
        var none = (await _kubectl.RunAsync("get", "configmaps", "-n", "shop", "-l", "tier=back", "-o", "json")).EnsureSuccess();
        Assert.Empty(JsonNode.Parse(none.Stdout)!["items"]!.AsArray());
    }

    [Fact]
    public async Task Get_watch_sees_an_update_made_meanwhile()
    {
        await ApplyShopAsync();
        await using var watch = _kubectl.StartWatch("get", "configmap", "settings", "-n", "shop", "-w", "-o", "jsonpath={.data.mode}{\"\\n\"}");
        await watch.WaitForLineAsync(l => l == "fast", TimeSpan.FromSeconds(30));
        var cm = _server.Get("v1", "ConfigMap", "shop", "settings")!;
        cm["data"]!["mode"] = "slow";
        _server.Update(cm);
        await watch.WaitForLineAsync(l => l == "slow", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Wait_for_available_and_rollout_status()
    {
        await ApplyShopAsync();
        var wait = await _kubectl.RunAsync("wait", "--for=condition=Available", "deployment/web", "-n", "shop", "--timeout=60s");
        wait.EnsureSuccess();
        Assert.Contains("condition met", wait.Stdout, StringComparison.Ordinal);
        var rollout = (await _kubectl.RunAsync("rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s")).EnsureSuccess();
        Assert.Contains("successfully rolled out", rollout.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_status_waits_for_a_new_template()
    {
        await ApplyShopAsync();
        (await _kubectl.RunAsync("rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s")).EnsureSuccess();
        (await _kubectl.RunWithInputAsync(Deployment(image: "nginx:3"), "apply", "--server-side", "--force-conflicts", "-f", "-")).EnsureSuccess();
        var rollout = (await _kubectl.RunAsync("rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s")).EnsureSuccess();
        Assert.Contains("successfully rolled out", rollout.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Json.Number(_server.Get("apps/v1", "Deployment", "shop", "web"), "status", "observedGeneration"));
    }

    [Fact]
    public async Task Wait_times_out_for_a_failing_image()
    {
        _server.Workloads.FailImage("nginx:bad");
        Write("1-namespace.yaml", Namespace);
        Write("3-deployment.yaml", Deployment(image: "nginx:bad"));
        (await _kubectl.RunAsync("apply", "--server-side", "-f", _manifests)).EnsureSuccess();
        var wait = await _kubectl.RunAsync("wait", "--for=condition=Available", "deployment/web", "-n", "shop", "--timeout=2s");
        Assert.NotEqual(0, wait.ExitCode);
        Assert.Contains("timed out", wait.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_wait_returns_once_the_object_is_gone()
    {
        await ApplyShopAsync();
        var deleted = (await _kubectl.RunAsync("delete", "configmap", "settings", "-n", "shop", "--wait=true", "--timeout=60s")).EnsureSuccess();
        Assert.Contains("configmap \"settings\" deleted", deleted.Stdout, StringComparison.Ordinal);
        Assert.Null(_server.Get("v1", "ConfigMap", "shop", "settings"));
        var ns = (await _kubectl.RunAsync("delete", "namespace", "shop", "--wait=true", "--timeout=60s")).EnsureSuccess();
        Assert.Contains("namespace \"shop\" deleted", ns.Stdout, StringComparison.Ordinal);
        Assert.Null(_server.Get("v1", "Namespace", null, "shop"));
        Assert.Null(_server.Get("apps/v1", "Deployment", "shop", "web"));
    }

    [Fact]
    public async Task Delete_with_foreground_cascade_does_not_hang()
    {
        await ApplyShopAsync();
        await Eventually.TrueAsync(() => _server.List("v1", "Pod", "shop").Count == 2, "pods created");
        (await _kubectl.RunAsync("delete", "deployment", "web", "-n", "shop", "--cascade=foreground", "--timeout=60s")).EnsureSuccess();
        Assert.Empty(_server.List("v1", "Pod", "shop"));
    }

    [Fact]
    public async Task A_CRD_then_an_object_of_its_kind()
    {
        var crd = Write("crd.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.mla.io
            spec:
              group: example.mla.io
              scope: Namespaced
              names:
                plural: widgets
                singular: widget
                kind: Widget
                shortNames: [wd]
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                subresources:
                  status: {}
            """);
        (await _kubectl.RunAsync("apply", "-f", crd)).EnsureSuccess();
        (await _kubectl.RunAsync("wait", "--for=condition=Established", "crd/widgets.example.mla.io", "--timeout=30s")).EnsureSuccess();
        var widget = Write("widget.yaml", """
            apiVersion: example.mla.io/v1
            kind: Widget
            metadata:
              name: w1
              namespace: default
            spec:
              color: blue
            """);
        (await _kubectl.RunAsync("apply", "-f", widget)).EnsureSuccess();
        var shown = (await _kubectl.RunAsync("get", "wd", "w1", "-o", "jsonpath={.spec.color}")).EnsureSuccess();
        Assert.Equal("blue", shown.Stdout);
        var patched = Write("widget2.yaml", File.ReadAllText(widget).Replace("blue", "green", StringComparison.Ordinal));
        (await _kubectl.RunAsync("apply", "--server-side", "-f", patched)).EnsureSuccess();
        Assert.Equal("green", Json.Str(_server.Get("example.mla.io/v1", "Widget", "default", "w1"), "spec", "color"));
    }

    [Fact]
    public async Task Scale_and_patch()
    {
        await ApplyShopAsync();
        (await _kubectl.RunAsync("scale", "deployment/web", "-n", "shop", "--replicas=3")).EnsureSuccess();
        Assert.Equal(3, Json.Number(_server.Get("apps/v1", "Deployment", "shop", "web"), "spec", "replicas"));
        (await _kubectl.RunAsync("patch", "configmap", "settings", "-n", "shop", "--type=merge", "-p", "{\"data\":{\"mode\":\"patched\"}}")).EnsureSuccess();
        Assert.Equal("patched", Json.Str(_server.Get("v1", "ConfigMap", "shop", "settings"), "data", "mode"));
    }

    [Fact]
    public async Task Diff_server_side_reports_differences_with_exit_code_1()
    {
        await ApplyShopAsync();
        var same = await _kubectl.RunAsync("diff", "--server-side", "-f", Path.Combine(_manifests, "2-configmap.yaml"));
        Assert.Equal(0, same.ExitCode);
        var changed = Write("changed.yaml", ConfigMap.Replace("fast", "slow", StringComparison.Ordinal));
        var diff = await _kubectl.RunAsync("diff", "--server-side", "-f", changed);
        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("slow", diff.Stdout, StringComparison.Ordinal);
        Assert.Equal("fast", Json.Str(_server.Get("v1", "ConfigMap", "shop", "settings"), "data", "mode"));
    }

    public static TheoryData<string> Versions() => [.. TestServer.Kubectl.VersionedBinaries()];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Every_installed_kubectl_version_applies_and_reads(string binary)
    {
        using var kubectl = new TestServer.Kubectl(_server) { Binary = binary };
        Write("1-namespace.yaml", Namespace);
        Write("2-configmap.yaml", ConfigMap);
        // kubectl before 1.29 validates through OpenAPI v2, which is protobuf only; the server does not serve it (README: limits).
        var validate = binary.EndsWith(".1.27", StringComparison.Ordinal) || binary.EndsWith(".1.28", StringComparison.Ordinal) ? "--validate=false" : "--validate=strict";
        (await kubectl.RunAsync("apply", "--server-side", validate, "-f", _manifests)).EnsureSuccess();
        var got = (await kubectl.RunAsync("get", "cm", "-n", "shop", "-l", "tier=front", "-o", "jsonpath={.items[0].data.mode}")).EnsureSuccess();
        Assert.Equal("fast", got.Stdout);
        (await kubectl.RunAsync("api-resources")).EnsureSuccess();
    }

    [Fact]
    public async Task Create_generators_that_send_protobuf_work_for_the_simple_kinds()
    {
        (await _kubectl.RunAsync("create", "namespace", "pb")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "configmap", "c", "-n", "pb", "--from-literal=a=b")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "secret", "generic", "s", "-n", "pb", "--from-literal=pw=secret")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "serviceaccount", "robot", "-n", "pb")).EnsureSuccess();
        Assert.Equal("kubernetes", Json.Str(_server.Get("v1", "Namespace", null, "pb")!["spec"]!["finalizers"]![0]));
        Assert.Equal("b", Json.Str(_server.Get("v1", "ConfigMap", "pb", "c"), "data", "a"));
        var secret = _server.Get("v1", "Secret", "pb", "s");
        Assert.Equal("c2VjcmV0", Json.Str(secret, "data", "pw"));
        Assert.Equal("Opaque", Json.Str(secret, "type"));
        Assert.NotNull(_server.Get("v1", "ServiceAccount", "pb", "robot"));
    }
}
