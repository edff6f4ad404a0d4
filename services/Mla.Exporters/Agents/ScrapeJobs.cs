using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Exporters.Desired;

namespace Mla.Exporters.Agents;

/// <summary>
/// The scrape jobs every metrics agent runs, the same for vmagent and Prometheus: kubelet and cAdvisor (through the
/// nodes, with the service account's token), node-exporter and kube-state-metrics (found by their standard labels,
/// whether MLA installed them or the cluster already ran them), pods and services annotated
/// <c>prometheus.io/scrape: "true"</c>, then the extra jobs from ConfigMaps.
/// </summary>
internal static class ScrapeJobs
{
    public static JsonArray For(ClusterAgentsSpec spec, bool seriesLimitSupported)
    {
        var jobs = new JsonArray
        {
            Kubelet(spec, "kubelet", "/metrics"),
            Kubelet(spec, "cadvisor", "/metrics/cadvisor"),
            PodByName(spec, "node-exporter", "node-exporter", 9100),
            PodByName(spec, "kube-state-metrics", "kube-state-metrics", 8080),
            AnnotatedPods(spec),
            AnnotatedServices(spec),
        };
        foreach (var extra in spec.ExtraScrapeConfigs)
        {
            jobs.Add(WithLimits(spec, (JsonObject)extra.DeepClone(), overrideLimit: false));
        }

        if (seriesLimitSupported && spec.Limits.MaxSeries is { } series)
        {
            foreach (var job in jobs.OfType<JsonObject>().Where(j => !j.ContainsKey("series_limit")))
            {
                job["series_limit"] = series;
            }
        }

        return jobs;
    }

    public static string Interval(TimeSpan interval) => ((long)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    private static JsonObject Kubelet(ClusterAgentsSpec spec, string name, string path) => WithLimits(spec, new JsonObject
    {
        ["job_name"] = name,
        ["scheme"] = "https",
        ["metrics_path"] = path,
        ["kubernetes_sd_configs"] = Manifest.Array(new JsonObject { ["role"] = "node" }),
        ["bearer_token_file"] = AgentPaths.ServiceAccountToken,
        // Kubelets serve self-signed certificates in most clusters; the token still authenticates the agent.
        ["tls_config"] = new JsonObject { ["ca_file"] = AgentPaths.ServiceAccountCa, ["insecure_skip_verify"] = true },
        ["relabel_configs"] = Manifest.Array(
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_node_name"), ["target_label"] = "node" }),
    });

    private static JsonObject PodByName(ClusterAgentsSpec spec, string job, string appName, int port) => WithLimits(spec, new JsonObject
    {
        ["job_name"] = job,
        ["kubernetes_sd_configs"] = Manifest.Array(new JsonObject { ["role"] = "pod" }),
        ["relabel_configs"] = Manifest.Array(
            new JsonObject
            {
                ["source_labels"] = Manifest.Array("__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_container_port_number"),
                ["regex"] = $"{appName};{port}",
                ["action"] = "keep",
            },
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_pod_node_name"), ["target_label"] = "node" },
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_namespace"), ["target_label"] = "namespace" },
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_pod_name"), ["target_label"] = "pod" }),
    });

    private static JsonObject AnnotatedPods(ClusterAgentsSpec spec) => WithLimits(spec, new JsonObject
    {
        ["job_name"] = "annotated-pods",
        ["kubernetes_sd_configs"] = Manifest.Array(new JsonObject { ["role"] = "pod" }),
        ["relabel_configs"] = Manifest.Array(
            new JsonObject
            {
                ["source_labels"] = Manifest.Array("__meta_kubernetes_pod_annotation_prometheus_io_scrape"),
                ["regex"] = "true",
                ["action"] = "keep",
            },
            new JsonObject
            {
                ["source_labels"] = Manifest.Array("__meta_kubernetes_pod_annotation_prometheus_io_path"),
                ["regex"] = "(.+)",
                ["target_label"] = "__metrics_path__",
            },
            new JsonObject
            {
                ["source_labels"] = Manifest.Array("__address__", "__meta_kubernetes_pod_annotation_prometheus_io_port"),
                ["regex"] = "([^:]+)(?::\\d+)?;(\\d+)",
                ["replacement"] = "$1:$2",
                ["target_label"] = "__address__",
            },
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_namespace"), ["target_label"] = "namespace" },
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_pod_name"), ["target_label"] = "pod" },
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_pod_container_name"), ["target_label"] = "container" }),
    });

    private static JsonObject AnnotatedServices(ClusterAgentsSpec spec) => WithLimits(spec, new JsonObject
    {
        ["job_name"] = "annotated-services",
        ["kubernetes_sd_configs"] = Manifest.Array(new JsonObject { ["role"] = "endpoints" }),
        ["relabel_configs"] = Manifest.Array(
            new JsonObject
            {
                ["source_labels"] = Manifest.Array("__meta_kubernetes_service_annotation_prometheus_io_scrape"),
                ["regex"] = "true",
                ["action"] = "keep",
            },
            new JsonObject
            {
                ["source_labels"] = Manifest.Array("__meta_kubernetes_service_annotation_prometheus_io_path"),
                ["regex"] = "(.+)",
                ["target_label"] = "__metrics_path__",
            },
            new JsonObject
            {
                ["source_labels"] = Manifest.Array("__address__", "__meta_kubernetes_service_annotation_prometheus_io_port"),
                ["regex"] = "([^:]+)(?::\\d+)?;(\\d+)",
                ["replacement"] = "$1:$2",
                ["target_label"] = "__address__",
            },
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_namespace"), ["target_label"] = "namespace" },
            new JsonObject { ["source_labels"] = Manifest.Array("__meta_kubernetes_service_name"), ["target_label"] = "service" }),
    });

    /// <summary>The tenant's series cap as every job's <c>sample_limit</c>: one target cannot bring more than the tenant may hold.</summary>
    private static JsonObject WithLimits(ClusterAgentsSpec spec, JsonObject job, bool overrideLimit = true)
    {
        if (spec.Limits.SampleLimitPerScrape is { } limit
            && (overrideLimit || job["sample_limit"] is null || long.Parse(job["sample_limit"]!.ToJsonString(), CultureInfo.InvariantCulture) > limit))
        {
            job["sample_limit"] = limit;
        }

        return job;
    }
}
