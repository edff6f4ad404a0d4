using System.Globalization;
using System.Text;
using Mla.Exporters.Desired;

namespace Mla.Exporters.Agents;

/// <summary>The log agent's configuration files (ConfigMap data), for Fluent Bit or Grafana Alloy.</summary>
public sealed record LogAgentConfig(IReadOnlyDictionary<string, string> Files, IReadOnlyList<string> Args, int Port)
{
    public static LogAgentConfig For(ClusterAgentsSpec spec) =>
        spec.LogAgent == LogAgentKind.FluentBit ? FluentBit(spec) : Alloy(spec);

    private static LogAgentConfig FluentBit(ClusterAgentsSpec spec)
    {
        var push = new Uri(spec.GatewayUrl, AgentPaths.LokiPushPath);
        var port = push.IsDefaultPort ? (push.Scheme == "https" ? 443 : 80) : push.Port;
        var memory = spec.Profile == AgentProfile.Edge ? "5MB" : "50MB";
        var disk = spec.Profile == AgentProfile.Edge ? "100M" : "1G";
        var text = new StringBuilder()
            .Append("[SERVICE]\n")
            .Append("    Flush        1\n")
            .Append("    Log_Level    info\n")
            .Append("    HTTP_Server  On\n")
            .Append("    HTTP_Listen  0.0.0.0\n")
            .Append("    HTTP_Port    2020\n")
            .Append(CultureInfo.InvariantCulture, $"    Parsers_File {AgentPaths.ConfigDirectory}/parsers.conf\n")
            .Append(CultureInfo.InvariantCulture, $"    storage.path {AgentPaths.BufferDirectory}\n")
            .Append("    storage.sync normal\n")
            .Append('\n')
            .Append("[INPUT]\n")
            .Append("    Name              tail\n")
            .Append(CultureInfo.InvariantCulture, $"    Path              {AgentPaths.PodLogs}/*/*/*.log\n")
            .Append("    Tag               kube.*\n")
            .Append("    multiline.parser  cri\n")
            .Append(CultureInfo.InvariantCulture, $"    DB                {AgentPaths.BufferDirectory}/tail.db\n")
            .Append(CultureInfo.InvariantCulture, $"    Mem_Buf_Limit     {memory}\n")
            .Append("    storage.type      filesystem\n")
            .Append("    Skip_Long_Lines   On\n")
            .Append('\n')
            .Append("[FILTER]\n")
            .Append("    Name                kubernetes\n")
            .Append("    Match               kube.*\n")
            .Append("    Kube_Tag_Prefix     kube.var.log.pods.\n")
            .Append("    Regex_Parser        mla-pod-path\n")
            .Append("    Merge_Log           Off\n")
            .Append("    Labels              On\n")
            .Append("    Annotations         Off\n")
            .Append('\n')
            .Append("[OUTPUT]\n")
            .Append("    Name                     loki\n")
            .Append("    Match                    kube.*\n")
            .Append(CultureInfo.InvariantCulture, $"    Host                     {push.Host}\n")
            .Append(CultureInfo.InvariantCulture, $"    Port                     {port}\n")
            .Append(CultureInfo.InvariantCulture, $"    Uri                      {push.AbsolutePath}\n")
            .Append(CultureInfo.InvariantCulture, $"    tls                      {(push.Scheme == "https" ? "On" : "Off")}\n")
            .Append("    tls.verify               On\n")
            .Append(spec.Credentials.HasCaBundle ? $"    tls.ca_file              {AgentPaths.CaBundle}\n" : "")
            .Append(CultureInfo.InvariantCulture, $"    tls.crt_file             {AgentPaths.ClientCertificate}\n")
            .Append(CultureInfo.InvariantCulture, $"    tls.key_file             {AgentPaths.ClientKey}\n")
            .Append(CultureInfo.InvariantCulture, $"    labels                   job=fluent-bit, cluster={spec.ClusterId}, seed={spec.Seed}\n")
            .Append("    label_map_path           " + AgentPaths.ConfigDirectory + "/labelmap.json\n")
            .Append("    remove_keys              kubernetes\n")
            .Append("    line_format              json\n")
            .Append("    Retry_Limit              no_limits\n")
            .Append(CultureInfo.InvariantCulture, $"    storage.total_limit_size {disk}\n")
            .ToString();
        var parsers = new StringBuilder()
            .Append("[PARSER]\n")
            .Append("    Name   mla-pod-path\n")
            .Append("    Format regex\n")
            // kube.var.log.pods.<namespace>_<pod>_<uid>.<container>.<n>.log after the prefix is cut.
            .Append("    Regex  ^(?<namespace_name>[^_]+)_(?<pod_name>[^_]+)_(?<pod_id>[^.]+)\\.(?<container_name>[^.]+)\\.\n")
            .ToString();
        const string labelMap = """
            {
              "kubernetes": {
                "namespace_name": "namespace",
                "pod_name": "pod",
                "container_name": "container",
                "labels": {
                  "app.kubernetes.io/name": "app",
                  "app": "app"
                }
              }
            }

            """;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["fluent-bit.conf"] = text,
            ["parsers.conf"] = parsers,
            ["labelmap.json"] = labelMap.Replace("\r\n", "\n", StringComparison.Ordinal),
        };
        return new LogAgentConfig(files, ["--config=" + AgentPaths.ConfigDirectory + "/fluent-bit.conf"], 2020);
    }

    private static LogAgentConfig Alloy(ClusterAgentsSpec spec)
    {
        var push = new Uri(spec.GatewayUrl, AgentPaths.LokiPushPath);
        var limit = spec.Limits.LogBytesPerSecond is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $$"""

                  // The tenant's log rate (bytes/s over ~512-byte lines); drop = false waits instead of discarding.
                  stage.limit {
                    rate  = {{Math.Max(1, bytes / 512)}}
                    burst = {{Math.Max(1, bytes / 256)}}
                    drop  = false
                  }
                """)
            : "";
        var caFile = spec.Credentials.HasCaBundle ? $"\n      ca_file   = \"{AgentPaths.CaBundle}\"" : "";
        var text = string.Create(CultureInfo.InvariantCulture, $$"""
            discovery.kubernetes "pods" {
              role = "pod"
              selectors {
                role  = "pod"
                field = "spec.nodeName=" + sys.env("NODE_NAME")
              }
            }

            discovery.relabel "pods" {
              targets = discovery.kubernetes.pods.targets
              rule {
                source_labels = ["__meta_kubernetes_namespace"]
                target_label  = "namespace"
              }
              rule {
                source_labels = ["__meta_kubernetes_pod_name"]
                target_label  = "pod"
              }
              rule {
                source_labels = ["__meta_kubernetes_pod_container_name"]
                target_label  = "container"
              }
              rule {
                source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app"]
                separator     = ";"
                regex         = "^;*([^;]+)(;.*)?$"
                target_label  = "app"
              }
              rule {
                source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
                separator     = "/"
                target_label  = "__path__"
                replacement   = "{{AgentPaths.PodLogs}}/*$1/*.log"
              }
            }

            local.file_match "pods" {
              path_targets = discovery.relabel.pods.output
            }

            loki.source.file "pods" {
              targets    = local.file_match.pods.targets
              forward_to = [loki.process.pods.receiver]
            }

            loki.process "pods" {
              stage.cri {}{{limit}}
              forward_to = [loki.write.gateway.receiver]
            }

            loki.write "gateway" {
              endpoint {
                url = "{{push}}"
                tls_config {{{caFile}}
                  cert_file = "{{AgentPaths.ClientCertificate}}"
                  key_file  = "{{AgentPaths.ClientKey}}"
                }
              }
              external_labels = {
                cluster = "{{spec.ClusterId}}",
                seed    = "{{spec.Seed}}",
              }
            }

            """).Replace("\r\n", "\n", StringComparison.Ordinal);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["config.alloy"] = text };
        return new LogAgentConfig(
            files,
            ["run", AgentPaths.ConfigDirectory + "/config.alloy", "--storage.path=" + AgentPaths.BufferDirectory, "--server.http.listen-addr=0.0.0.0:12345"],
            12345);
    }
}
