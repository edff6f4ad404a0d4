using System.Text.Json.Nodes;
using Mla.Chart.Tests.Rendering;

namespace Mla.Chart.Tests.Template;

/// <summary>Which objects helm template renders for each documented value file, and their common metadata.</summary>
public sealed class RenderedObjectsTests
{
    private static readonly Dictionary<string, string> ApiVersions = new(StringComparer.Ordinal)
    {
        ["ServiceAccount"] = "v1",
        ["Secret"] = "v1",
        ["Service"] = "v1",
        ["Deployment"] = "apps/v1",
        ["PodDisruptionBudget"] = "policy/v1",
        ["ServiceMonitor"] = "monitoring.coreos.com/v1",
        ["ClusterRole"] = "rbac.authorization.k8s.io/v1",
        ["ClusterRoleBinding"] = "rbac.authorization.k8s.io/v1",
    };

    /// <summary>Cluster-scoped kinds carry no namespace.</summary>
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal) { "ClusterRole", "ClusterRoleBinding" };

    [Theory]
    [MemberData(nameof(ChartValueFiles.AllFiles), MemberType = typeof(ChartValueFiles))]
    public async Task Every_value_file_renders_exactly_its_documented_objects(string valuesFile)
    {
        var chart = await ChartValueFiles.RenderAsync(valuesFile);

        Assert.Equal(chart.KindsAndNames.Count, chart.KindsAndNames.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ExpectedObjects.For(valuesFile).Order(StringComparer.Ordinal), chart.KindsAndNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ChartValueFiles.AllFiles), MemberType = typeof(ChartValueFiles))]
    public async Task Every_object_has_its_api_version_the_release_namespace_and_the_release_labels(string valuesFile)
    {
        var chart = await ChartValueFiles.RenderAsync(valuesFile);

        foreach (var obj in chart.Objects)
        {
            var what = $"{obj.StringAt("kind")}/{obj.StringAt("metadata", "name")}";
            Assert.True(ApiVersions[obj.StringAt("kind")!] == obj.StringAt("apiVersion"), $"{what} has apiVersion {obj.StringAt("apiVersion")}");
            var expectedNamespace = ClusterScoped.Contains(obj.StringAt("kind")!) ? null : "mla";
            Assert.True(obj.StringAt("metadata", "namespace") == expectedNamespace, $"{what} has namespace {obj.StringAt("metadata", "namespace")}, not {expectedNamespace}");
            var labels = obj.MapAt("metadata", "labels");
            Assert.True(labels.GetValueOrDefault("app.kubernetes.io/instance") == "mla", $"{what} lacks the instance label");
            Assert.True(labels.GetValueOrDefault("app.kubernetes.io/part-of") == "mla", $"{what} lacks the part-of label");
            Assert.True(labels.GetValueOrDefault("app.kubernetes.io/managed-by") == "Helm", $"{what} lacks the managed-by label");
        }
    }

    [Theory]
    [MemberData(nameof(ChartValueFiles.ServiceOffFiles), MemberType = typeof(ChartValueFiles))]
    public async Task A_service_switched_off_renders_none_of_its_objects_and_nothing_points_at_it(string valuesFile)
    {
        var off = ChartValueFiles.ServiceOff[valuesFile];
        var chart = await ChartValueFiles.RenderAsync(valuesFile);

        Assert.DoesNotContain(chart.Objects, o => o.MapAt("metadata", "labels").GetValueOrDefault("app.kubernetes.io/component") == off);
        Assert.DoesNotContain(chart.Objects, o => o.StringAt("metadata", "name")!.StartsWith($"mla-{off}", StringComparison.Ordinal));
        // No other object names it: no URL of its Service, no selector of its pods.
        var everything = new JsonArray([.. chart.Objects.Select(o => o.DeepClone())]).ToJsonString();
        Assert.DoesNotContain($"mla-{off}", everything, StringComparison.Ordinal);
        Assert.Equal(ExpectedObjects.Services.Count - 1, chart.Deployments.Count);
    }

    [Fact]
    public async Task Without_the_tenant_service_the_gateway_and_the_writer_follow_no_tenant_service()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.TenantsOff);

        var gateway = chart.Deployment("mla-gateway");
        var writer = chart.Deployment("mla-writer");
        Assert.DoesNotContain(gateway.Env, e => e.Name.StartsWith("Mla__Gateway__TenantService__", StringComparison.Ordinal));
        Assert.DoesNotContain(writer.Env, e => e.Name.StartsWith("Mla__Writer__Tenants__", StringComparison.Ordinal));
        Assert.False(chart.Get("Secret", "mla").MapAt("data").ContainsKey("tenants-connection-string"));
    }

    [Fact]
    public async Task With_the_tenant_service_the_gateway_and_the_writer_follow_it_with_the_internal_token()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal);

        var gateway = chart.Deployment("mla-gateway");
        var writer = chart.Deployment("mla-writer");
        Assert.Equal("http://mla-tenants:8080", gateway.EnvValue("Mla__Gateway__TenantService__Url"));
        Assert.Equal("http://mla-tenants:8080", writer.EnvValue("Mla__Writer__Tenants__Url"));
        Assert.Equal(("mla-tenants-internal-token", "internal-token"), SecretOf(gateway.EnvNamed("Mla__Gateway__TenantService__Token")));
        Assert.Equal(("mla-tenants-internal-token", "internal-token"), SecretOf(writer.EnvNamed("Mla__Writer__Tenants__Token")));
    }

    [Fact]
    public async Task Without_the_webhook_receiver_the_chart_secret_holds_no_webhook_or_catalog_key()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.WebhooksOff);

        Assert.Equal(["rabbitmq-password", "tenants-connection-string"], chart.Get("Secret", "mla").MapAt("data").Keys.Order(StringComparer.Ordinal));
    }

    private static (string?, string?) SecretOf(EnvVar env) => (env.SecretName, env.SecretKey);
}
