using Mla.Chart.Tests.Rendering;

namespace Mla.Chart.Tests.Template;

/// <summary>The objects each documented value file must render, as "Kind/name" (release "mla", so fullname "mla").</summary>
public static class ExpectedObjects
{
    public static readonly IReadOnlyList<string> Services = ["webhooks", "gateway", "writer", "tenants"];

    public static IReadOnlySet<string> For(string valuesFile) => valuesFile switch
    {
        ChartValueFiles.Minimal => Release(Services),
        ChartValueFiles.EverythingOn => Release(Services, serviceMonitors: true, serviceAccount: "mla-services"),
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
        string? withoutPdb = null)
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
            if (service != withoutPdb)
            {
                expected.Add($"PodDisruptionBudget/mla-{service}");
            }

            if (serviceMonitors)
            {
                expected.Add($"ServiceMonitor/mla-{service}");
            }
        }

        return expected;
    }
}
