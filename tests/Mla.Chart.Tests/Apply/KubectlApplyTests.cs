using System.Text.Json.Nodes;
using Mla.Chart.Tests.Rendering;
using Mla.Chart.Tests.Template;
using Mla.Chart.Tests.Tools;
using Mla.Kubernetes.TestServer;

namespace Mla.Chart.Tests.Apply;

/// <summary>
/// Every object the chart renders, applied by the real kubectl (<c>apply --server-side</c>) to the Kubernetes API test
/// server: the server decodes, validates and stores it, and what it then serves is what helm rendered.
/// </summary>
public sealed class KubectlApplyTests
{
    private const string FieldManager = "helm";

    /// <summary>The kinds the chart renders, as kubectl names their resources.</summary>
    private const string ChartResources =
        "serviceaccounts,secrets,services,deployments.apps,poddisruptionbudgets.policy,"
        + "clusterroles.rbac.authorization.k8s.io,clusterrolebindings.rbac.authorization.k8s.io";

    private static readonly string ServiceMonitorCrd =
        Path.Combine(RepositoryPaths.Root, "tests", "Mla.Chart.Tests", "Apply", "servicemonitor-crd.yaml");

    [Theory]
    [MemberData(nameof(ChartValueFiles.AllFiles), MemberType = typeof(ChartValueFiles))]
    public async Task Every_rendered_object_is_applied_server_side_and_served_back_as_rendered(string valuesFile)
    {
        var chart = await ChartValueFiles.RenderAsync(valuesFile);
        var withServiceMonitors = chart.OfKind("ServiceMonitor").Any();
        await using var server = await KubeApiServer.StartAsync();
        using var kubectl = new KubectlCommand(server.KubeconfigPath);
        await CreateNamespaceAsync(kubectl, withServiceMonitorCrd: withServiceMonitors);

        var applied = await ApplyAsync(kubectl, chart.Yaml);

        Assert.True(applied.Succeeded, applied.ToString());
        foreach (var obj in chart.Objects)
        {
            Assert.Contains($"/{obj.StringAt("metadata", "name")} serverside-applied", applied.StandardOutput, StringComparison.Ordinal);
        }

        var served = await GetReleaseObjectsAsync(kubectl, withServiceMonitors);
        Assert.Equal(
            chart.KindsAndNames.Order(StringComparer.Ordinal),
            served.Select(o => $"{o.StringAt("kind")}/{o.StringAt("metadata", "name")}").Order(StringComparer.Ordinal));
        foreach (var rendered in chart.Objects)
        {
            var stored = served.Single(o => o.StringAt("kind") == rendered.StringAt("kind") && o.StringAt("metadata", "name") == rendered.StringAt("metadata", "name"));
            AssertServedAsRendered(rendered, stored);
        }
    }

    [Fact]
    public async Task Applying_the_same_release_again_changes_nothing_and_conflicts_with_nothing()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);
        await using var server = await KubeApiServer.StartAsync();
        using var kubectl = new KubectlCommand(server.KubeconfigPath);
        await CreateNamespaceAsync(kubectl, withServiceMonitorCrd: true);
        (await ApplyAsync(kubectl, chart.Yaml)).EnsureSucceeded();
        var before = await GetReleaseObjectsAsync(kubectl, withServiceMonitors: true);

        var again = await ApplyAsync(kubectl, chart.Yaml);

        Assert.True(again.Succeeded, again.ToString());
        var after = await GetReleaseObjectsAsync(kubectl, withServiceMonitors: true);
        Assert.Equal(
            before.Select(o => $"{o.StringAt("kind")}/{o.StringAt("metadata", "name")}@{o.StringAt("metadata", "resourceVersion")}").Order(StringComparer.Ordinal),
            after.Select(o => $"{o.StringAt("kind")}/{o.StringAt("metadata", "name")}@{o.StringAt("metadata", "resourceVersion")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_upgrade_from_the_minimal_values_to_everything_on_is_applied_over_the_first_release()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var kubectl = new KubectlCommand(server.KubeconfigPath);
        await CreateNamespaceAsync(kubectl, withServiceMonitorCrd: true);
        (await ApplyAsync(kubectl, (await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal)).Yaml)).EnsureSucceeded();

        var upgrade = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);
        var applied = await ApplyAsync(kubectl, upgrade.Yaml);

        Assert.True(applied.Succeeded, applied.ToString());
        var gateway = JsonNode.Parse((await kubectl.RunAsync("get", "deployment", "mla-gateway", "-n", Helm.Namespace, "-o", "json")).EnsureSucceeded().StandardOutput)!;
        Assert.Equal(4, gateway.At("spec", "replicas")!.GetValue<long>());
        // The environment by name (env is a list keyed by name; the order of merged items is the server's business).
        var served = gateway.ObjectsAt("spec", "template", "spec", "containers", 0, "env").ToDictionary(e => e.StringAt("name")!);
        var rendered = upgrade.Deployment("mla-gateway").Container.ObjectsAt("env");
        Assert.Equal(rendered.Count, served.Count);
        Assert.All(rendered, e => Assert.True(
            served.TryGetValue(e.StringAt("name")!, out var stored) && JsonNode.DeepEquals(e, stored),
            $"rendered {e.ToJsonString()}, served {(served.TryGetValue(e.StringAt("name")!, out var s) ? s.ToJsonString() : "nothing")}"));
        Assert.Equal(ExpectedObjects.Services.Count, (await GetReleaseObjectsAsync(kubectl, withServiceMonitors: true)).Count(o => o.StringAt("kind") == "ServiceMonitor"));
    }

    [Fact]
    public async Task Service_monitors_are_refused_until_the_prometheus_operator_crd_is_applied()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);
        await using var server = await KubeApiServer.StartAsync();
        using var kubectl = new KubectlCommand(server.KubeconfigPath);
        await CreateNamespaceAsync(kubectl, withServiceMonitorCrd: false);

        // Without client-side validation: kubectl then asks the server for the kind straight away, as against a real
        // cluster. (With validation it first falls back to /openapi/v2 for a group missing from /openapi/v3, which
        // the test server does not serve, and fails with "the server could not find the requested resource".)
        var applied = await kubectl.RunAsync(["apply", "--server-side", $"--field-manager={FieldManager}", "--validate=false", "-f", "-"], chart.Yaml);

        Assert.False(applied.Succeeded, applied.ToString());
        Assert.Contains("ensure CRDs are installed first", applied.StandardError, StringComparison.Ordinal);
        // Everything else of the release was applied; only the ServiceMonitors are missing.
        Assert.Contains("deployment.apps/mla-gateway serverside-applied", applied.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("servicemonitor", applied.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no matches for kind \"ServiceMonitor\" in version \"monitoring.coreos.com/v1\"", applied.StandardError, StringComparison.Ordinal);
    }

    private static Task<ToolResult> ApplyAsync(KubectlCommand kubectl, string yaml) =>
        kubectl.RunAsync(["apply", "--server-side", $"--field-manager={FieldManager}", "-f", "-"], yaml);

    private static async Task CreateNamespaceAsync(KubectlCommand kubectl, bool withServiceMonitorCrd)
    {
        // As a manifest: `kubectl create namespace` sends protobuf, which the test server does not decode.
        (await ApplyAsync(kubectl, $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {Helm.Namespace}\n")).EnsureSucceeded();
        if (withServiceMonitorCrd)
        {
            (await kubectl.RunAsync("apply", "--server-side", "-f", ServiceMonitorCrd)).EnsureSucceeded();
            (await kubectl.RunAsync("wait", "--for=condition=Established", "--timeout=60s", "crd/servicemonitors.monitoring.coreos.com")).EnsureSucceeded();
        }
    }

    /// <summary>The objects of release "mla" the server serves, found by the release label as helm would.</summary>
    private static async Task<IReadOnlyList<JsonObject>> GetReleaseObjectsAsync(KubectlCommand kubectl, bool withServiceMonitors)
    {
        var resources = withServiceMonitors ? ChartResources + ",servicemonitors.monitoring.coreos.com" : ChartResources;
        var result = (await kubectl.RunAsync("get", resources, "-n", Helm.Namespace, "-l", "app.kubernetes.io/instance=mla", "--show-managed-fields", "-o", "json")).EnsureSucceeded();
        return JsonNode.Parse(result.StandardOutput).ObjectsAt("items");
    }

    /// <summary>
    /// What the chart set is what the server serves: labels, the spec (Deployments: replicas, selector and the
    /// container as rendered; Services: selector and ports; Secrets: data), with the apply recorded for helm's field
    /// manager. Fields the server adds (defaults, status) are not compared.
    /// </summary>
    private static void AssertServedAsRendered(JsonObject rendered, JsonObject stored)
    {
        var what = $"{rendered.StringAt("kind")}/{rendered.StringAt("metadata", "name")}";
        Assert.True(
            rendered.MapAt("metadata", "labels").All(l => stored.MapAt("metadata", "labels").GetValueOrDefault(l.Key) == l.Value),
            $"{what}: labels {stored.At("metadata", "labels")?.ToJsonString()} lack some of {rendered.At("metadata", "labels")?.ToJsonString()}");
        Assert.Contains(stored.ObjectsAt("metadata", "managedFields"), m => m.StringAt("manager") == FieldManager && m.StringAt("operation") == "Apply");
        foreach (var path in ComparedPaths(rendered.StringAt("kind")!))
        {
            var expected = rendered.At(path);
            var actual = stored.At(path);
            Assert.True(
                JsonNode.DeepEquals(expected, actual),
                $"{what} {string.Join('.', path)}: rendered {expected?.ToJsonString()}, served {actual?.ToJsonString()}");
        }
    }

    private static IEnumerable<object[]> ComparedPaths(string kind) => kind switch
    {
        "Deployment" =>
        [
            ["spec", "replicas"],
            ["spec", "selector"],
            ["spec", "template", "metadata", "labels"],
            ["spec", "template", "metadata", "annotations"],
            ["spec", "template", "spec", "containers", 0, "env"],
            ["spec", "template", "spec", "containers", 0, "image"],
            ["spec", "template", "spec", "containers", 0, "readinessProbe", "httpGet"],
            ["spec", "template", "spec", "volumes", 0],
        ],
        "Service" => [["spec", "selector"], ["spec", "type"]],
        "PodDisruptionBudget" => [["spec"]],
        "Secret" => [["data"], ["type"]],
        "ClusterRole" => [["rules"]],
        "ClusterRoleBinding" => [["roleRef"], ["subjects"]],
        "ServiceMonitor" => [["spec"]],
        "ServiceAccount" => [["automountServiceAccountToken"]],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a kind the chart does not render"),
    };
}
