using Mla.Chart.Tests.Rendering;

namespace Mla.Chart.Tests.Template;

/// <summary>The objects each documented value file must render, as "Kind/name" (release "mla", so fullname "mla").</summary>
public static class ExpectedObjects
{
    public static readonly IReadOnlyList<string> Services = ["webhooks", "gateway", "writer", "tenants", "rules", "exporters", "grafana"];

    /// <summary>The services whose PodDisruptionBudget is off by default (one replica is enough for them).</summary>
    private static readonly IReadOnlyList<string> PdbOffByDefault = ["rules", "exporters", "grafana"];

    /// <summary>The exporters' Live mode RBAC (values exporters.rbac.create, on by default).</summary>
    private static readonly IReadOnlyList<string> ExportersRbac = ["ClusterRole/mla-exporters", "ClusterRoleBinding/mla-exporters"];

    public static IReadOnlySet<string> For(string valuesFile) => valuesFile switch
    {
        ChartValueFiles.Minimal => Release(Services),
        ChartValueFiles.EverythingOn => Release(Services, serviceMonitors: true, serviceAccount: "mla-services", everyPdb: true),
        ChartValueFiles.ExistingSecret => Release(Services, chartSecret: false),
        ChartValueFiles.InMemoryBus => Release(Services, withoutPdb: "webhooks"),
        ChartValueFiles.KkpWatch => [.. Release(Services), "ClusterRole/mla-webhooks-kkp-watch", "ClusterRoleBinding/mla-webhooks-kkp-watch"],
        _ when ChartValueFiles.ServiceOff.TryGetValue(valuesFile, out var off) => Release(Services.Where(s => s != off)),
        _ => throw new ArgumentOutOfRangeException(nameof(valuesFile), valuesFile, "not a documented value file"),
    };

    private static HashSet<string> Release(
        IEnumerable<string> services,
        bool serviceMonitors = false,
        bool chartSecret = true,
        string serviceAccount = "mla",
        string? withoutPdb = null,
        bool everyPdb = false)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal) { $"ServiceAccount/{serviceAccount}" };
        if (chartSecret)
        {
            expected.Add("Secret/mla");
        }

        foreach (var service in services)
        {
            expected.Add($"Deployment/mla-{service}");
            expected.Add($"Service/mla-{service}");
            if (service != withoutPdb && (everyPdb || !PdbOffByDefault.Contains(service)))
            {
                expected.Add($"PodDisruptionBudget/mla-{service}");
            }

            if (serviceMonitors)
            {
                expected.Add($"ServiceMonitor/mla-{service}");
            }

            if (service == "exporters")
            {
                expected.UnionWith(ExportersRbac);
            }
        }

        return expected;
    }
}
