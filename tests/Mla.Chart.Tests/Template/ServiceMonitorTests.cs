using Mla.Chart.Tests.Rendering;

namespace Mla.Chart.Tests.Template;

/// <summary>The ServiceMonitors scrape /metrics on each service's internal HTTP port (8080), never the agents' TLS port.</summary>
public sealed class ServiceMonitorTests
{
    [Theory]
    [InlineData("webhooks")]
    [InlineData("gateway")]
    [InlineData("writer")]
    [InlineData("tenants")]
    public async Task A_service_monitor_scrapes_metrics_on_the_internal_http_port_of_its_own_service(string service)
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);
        var name = $"mla-{service}";
        var monitor = chart.Get("ServiceMonitor", name);

        var endpoint = Assert.Single(monitor.ObjectsAt("spec", "endpoints"));
        Assert.Equal("http", endpoint.StringAt("port"));
        Assert.Equal("/metrics", endpoint.StringAt("path"));
        Assert.Equal("15s", endpoint.StringAt("interval"));
        Assert.Equal("5s", endpoint.StringAt("scrapeTimeout"));
        Assert.Equal(["mla"], monitor.At("spec", "namespaceSelector", "matchNames")!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("kube-prometheus-stack", monitor.MapAt("metadata", "labels")["release"]);

        // It selects exactly its own Service, whose port "http" leads to the container's port 8080.
        var selector = monitor.MapAt("spec", "selector", "matchLabels");
        var selected = Assert.Single(chart.OfKind("Service"), s => selector.All(l => s.MapAt("metadata", "labels").GetValueOrDefault(l.Key) == l.Value));
        Assert.Equal(name, selected.StringAt("metadata", "name"));
        var port = Assert.Single(selected.ObjectsAt("spec", "ports"), p => p.StringAt("name") == "http");
        Assert.Equal(8080, chart.Deployment(name).ContainerPort(port.StringAt("targetPort")!));
    }

    [Fact]
    public async Task The_gateway_service_has_the_agents_port_beside_the_scraped_one()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);

        var service = chart.Get("Service", "mla-gateway");
        Assert.Equal("LoadBalancer", service.StringAt("spec", "type"));
        var agents = Assert.Single(service.ObjectsAt("spec", "ports"), p => p.StringAt("name") == "agents");
        Assert.Equal(443, agents.At("port")!.GetValue<long>());
        Assert.Equal("agents", agents.StringAt("targetPort"));
        Assert.Equal(8443, chart.Deployment("mla-gateway").ContainerPort("agents"));
    }

    [Fact]
    public async Task Without_service_monitors_enabled_none_is_rendered()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal);

        Assert.Empty(chart.OfKind("ServiceMonitor"));
    }
}
