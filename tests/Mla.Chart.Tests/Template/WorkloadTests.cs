using System.Text.Json;
using Mla.Chart.Tests.Rendering;

namespace Mla.Chart.Tests.Template;

/// <summary>Replicas, selectors, PodDisruptionBudgets, probes and ports of the rendered Deployments and Services.</summary>
public sealed class WorkloadTests
{
    [Theory]
    [InlineData(ChartValueFiles.Minimal, "webhooks", 2)]
    [InlineData(ChartValueFiles.Minimal, "gateway", 2)]
    [InlineData(ChartValueFiles.Minimal, "writer", 2)]
    [InlineData(ChartValueFiles.Minimal, "tenants", 2)]
    [InlineData(ChartValueFiles.EverythingOn, "webhooks", 3)]
    [InlineData(ChartValueFiles.EverythingOn, "gateway", 4)]
    [InlineData(ChartValueFiles.EverythingOn, "writer", 3)]
    [InlineData(ChartValueFiles.EverythingOn, "tenants", 3)]
    [InlineData(ChartValueFiles.InMemoryBus, "webhooks", 1)]
    public async Task Replicas_are_the_configured_integer(string valuesFile, string service, long replicas)
    {
        var deployment = (await ChartValueFiles.RenderAsync(valuesFile)).Deployment($"mla-{service}");

        Assert.Equal(JsonValueKind.Number, deployment.Replicas?.GetValueKind());
        Assert.Equal(replicas, deployment.Replicas!.GetValue<long>());
    }

    [Theory]
    [MemberData(nameof(ChartValueFiles.AllFiles), MemberType = typeof(ChartValueFiles))]
    public async Task Each_deployment_selects_only_its_own_pods_and_its_service_and_pdb_select_the_same(string valuesFile)
    {
        var chart = await ChartValueFiles.RenderAsync(valuesFile);

        foreach (var deployment in chart.Deployments)
        {
            var selector = deployment.SelectorLabels;
            Assert.Equal(deployment.Component, selector["app.kubernetes.io/component"]);
            Assert.All(selector, label => Assert.Equal(label.Value, deployment.PodLabels.GetValueOrDefault(label.Key)));
            Assert.Equal(selector, chart.Get("Service", deployment.Name).MapAt("spec", "selector"));
            if (chart.Find("PodDisruptionBudget", deployment.Name) is { } pdb)
            {
                Assert.Equal(selector, pdb.MapAt("spec", "selector", "matchLabels"));
            }

            // No other Deployment's pods match this selector.
            Assert.Single(chart.Deployments, other => selector.All(label => other.PodLabels.GetValueOrDefault(label.Key) == label.Value));
        }
    }

    [Theory]
    [InlineData(ChartValueFiles.Minimal, "webhooks", "maxUnavailable", "1")]
    [InlineData(ChartValueFiles.Minimal, "tenants", "maxUnavailable", "1")]
    [InlineData(ChartValueFiles.EverythingOn, "webhooks", "minAvailable", "2")]
    [InlineData(ChartValueFiles.EverythingOn, "gateway", "minAvailable", "50%")]
    [InlineData(ChartValueFiles.EverythingOn, "writer", "maxUnavailable", "1")]
    public async Task A_pod_disruption_budget_carries_the_configured_limit_and_only_that_one(string valuesFile, string service, string field, string value)
    {
        var pdb = (await ChartValueFiles.RenderAsync(valuesFile)).Get("PodDisruptionBudget", $"mla-{service}");

        var limit = pdb.At("spec", field);
        Assert.NotNull(limit);
        // Integers stay integers (a quoted "2" would be a different API value); percentages are strings.
        Assert.Equal(value.EndsWith('%') ? JsonValueKind.String : JsonValueKind.Number, limit.GetValueKind());
        Assert.Equal(value, limit.ToString());
        var other = field == "minAvailable" ? "maxUnavailable" : "minAvailable";
        Assert.Null(pdb.At("spec", other));
    }

    [Theory]
    [MemberData(nameof(ChartValueFiles.AllFiles), MemberType = typeof(ChartValueFiles))]
    public async Task Every_container_is_probed_on_healthz_and_readyz_of_its_http_port_8080(string valuesFile)
    {
        var chart = await ChartValueFiles.RenderAsync(valuesFile);

        foreach (var deployment in chart.Deployments)
        {
            var container = deployment.Container;
            Assert.Equal(8080, deployment.ContainerPort("http"));
            Assert.Equal("http://+:8080", deployment.EnvValue("ASPNETCORE_URLS"));
            Assert.Equal("/healthz", container.StringAt("startupProbe", "httpGet", "path"));
            Assert.Equal("/healthz", container.StringAt("livenessProbe", "httpGet", "path"));
            Assert.Equal("/readyz", container.StringAt("readinessProbe", "httpGet", "path"));
            foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
            {
                Assert.Equal("http", container.StringAt(probe, "httpGet", "port"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(ChartValueFiles.AllFiles), MemberType = typeof(ChartValueFiles))]
    public async Task Every_service_forwards_its_http_port_to_the_container_port_named_http(string valuesFile)
    {
        var chart = await ChartValueFiles.RenderAsync(valuesFile);

        foreach (var deployment in chart.Deployments)
        {
            var ports = chart.Get("Service", deployment.Name).ObjectsAt("spec", "ports");
            var http = Assert.Single(ports, p => p.StringAt("name") == "http");
            Assert.Equal("http", http.StringAt("targetPort"));
            Assert.All(ports, p => Assert.NotNull(deployment.ContainerPort(p.StringAt("targetPort")!)));
        }
    }

    [Fact]
    public async Task Pods_run_as_non_root_with_a_read_only_root_filesystem_and_an_emptydir_tmp()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal);

        foreach (var deployment in chart.Deployments)
        {
            Assert.True(deployment.PodSpec.At("securityContext", "runAsNonRoot")?.GetValue<bool>());
            Assert.True(deployment.Container.At("securityContext", "readOnlyRootFilesystem")?.GetValue<bool>());
            Assert.False(deployment.PodSpec.At("automountServiceAccountToken")?.GetValue<bool>());
            Assert.Equal("mla", deployment.PodSpec.StringAt("serviceAccountName"));
            var tmp = Assert.Single(deployment.PodSpec.ObjectsAt("volumes"), v => v.StringAt("name") == "tmp");
            Assert.NotNull(tmp.At("emptyDir"));
            Assert.Contains(deployment.Container.ObjectsAt("volumeMounts"), m => m.StringAt("mountPath") == "/tmp");
        }
    }

    [Theory]
    [InlineData(ChartValueFiles.Minimal)]
    [InlineData(ChartValueFiles.EverythingOn)]
    public async Task Pods_carry_the_scrape_annotations_of_metrics_on_8080(string valuesFile)
    {
        var chart = await ChartValueFiles.RenderAsync(valuesFile);

        foreach (var deployment in chart.Deployments)
        {
            Assert.Equal("true", deployment.PodAnnotations["prometheus.io/scrape"]);
            Assert.Equal("8080", deployment.PodAnnotations["prometheus.io/port"]);
            Assert.Equal("/metrics", deployment.PodAnnotations["prometheus.io/path"]);
        }
    }
}
