using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Exporters.Desired;
using Mla.Exporters.Rendering;

namespace Mla.Exporters.Agents;

/// <summary>
/// The metrics agent's configuration file and command line, for vmagent or Prometheus in agent mode. The file is
/// what <c>vmagent -dryRun</c> / <c>promtool check config --agent</c> check, and what the embedded default runs.
/// </summary>
public sealed record MetricsAgentConfig(string FileName, string Text, IReadOnlyList<string> Args, int Port)
{
    /// <summary>The configuration file as a tree (what <see cref="Text"/> was written from).</summary>
    public JsonObject Document { get; init; } = [];

    public static MetricsAgentConfig For(ClusterAgentsSpec spec) =>
        spec.MetricsAgent == MetricsAgentKind.VmAgent ? VmAgent(spec) : Prometheus(spec);

    private static MetricsAgentConfig VmAgent(ClusterAgentsSpec spec)
    {
        var edge = spec.Profile == AgentProfile.Edge;
        var config = new JsonObject
        {
            ["global"] = new JsonObject { ["scrape_interval"] = ScrapeJobs.Interval(spec.ScrapeInterval) },
            ["scrape_configs"] = ScrapeJobs.For(spec, seriesLimitSupported: true),
        };
        const string file = "scrape.yml";
        var args = new List<string>
        {
            $"-promscrape.config={AgentPaths.ConfigDirectory}/{file}",
            "-promscrape.config.strictParse=true",
            $"-remoteWrite.url={new Uri(spec.GatewayUrl, AgentPaths.RemoteWritePath)}",
            $"-remoteWrite.tlsCertFile={AgentPaths.ClientCertificate}",
            $"-remoteWrite.tlsKeyFile={AgentPaths.ClientKey}",
            $"-remoteWrite.label=cluster={spec.ClusterId}",
            $"-remoteWrite.label=seed={spec.Seed}",
            // The disk-backed queue: what the gateway does not take yet waits here, across restarts (on a PVC).
            $"-remoteWrite.tmpDataPath={AgentPaths.BufferDirectory}",
            edge ? "-remoteWrite.maxDiskUsagePerURL=200MB" : "-remoteWrite.maxDiskUsagePerURL=1800MB",
            "-httpListenAddr=:8429",
        };
        if (spec.Credentials.HasCaBundle)
        {
            args.Insert(args.FindIndex(a => a.StartsWith("-remoteWrite.tlsKeyFile=", StringComparison.Ordinal)) + 1, $"-remoteWrite.tlsCAFile={AgentPaths.CaBundle}");
        }

        if (edge)
        {
            if (spec.Limits.SampleLimitPerScrape is null)
            {
                // Less memory per scrape; vmagent cannot enforce sample_limit while stream parsing.
                args.Add("-promscrape.streamParse=true");
            }

            args.Add("-remoteWrite.queues=1");
            args.Add("-memory.allowedPercent=60");
        }

        if (spec.Limits.SendBytesPerSecond is { } bytes)
        {
            args.Add($"-remoteWrite.rateLimit={bytes.ToString(CultureInfo.InvariantCulture)}");
        }

        if (spec.Limits.MaxSeries is { } series)
        {
            args.Add($"-remoteWrite.maxHourlySeries={series.ToString(CultureInfo.InvariantCulture)}");
        }

        return new MetricsAgentConfig(file, YamlText.Write(config), args, 8429) { Document = config };
    }

    private static MetricsAgentConfig Prometheus(ClusterAgentsSpec spec)
    {
        var edge = spec.Profile == AgentProfile.Edge;
        var queue = new JsonObject
        {
            ["capacity"] = edge ? 2500 : 10000,
            ["max_shards"] = edge ? 2 : 10,
            ["max_samples_per_send"] = edge ? 500 : 2000,
            ["batch_send_deadline"] = "5s",
            ["min_backoff"] = "1s",
            ["max_backoff"] = "30s",
        };
        if (spec.Limits.SamplesPerSecond is { } rate)
        {
            // Prometheus has no send-rate flag: one shard sending at most `rate` samples per batch, a batch at most
            // every batch_send_deadline when the queue is not full, approximates the cap (see the README).
            queue["max_shards"] = 1;
            queue["max_samples_per_send"] = Math.Clamp(rate, 1, 10_000);
            queue["capacity"] = Math.Clamp(rate * 2, 2, 50_000);
        }

        var config = new JsonObject
        {
            ["global"] = new JsonObject
            {
                ["scrape_interval"] = ScrapeJobs.Interval(spec.ScrapeInterval),
                ["external_labels"] = new JsonObject { ["cluster"] = spec.ClusterId, ["seed"] = spec.Seed },
            },
            ["scrape_configs"] = ScrapeJobs.For(spec, seriesLimitSupported: false),
            ["remote_write"] = Manifest.Array(new JsonObject
            {
                ["url"] = new Uri(spec.GatewayUrl, AgentPaths.RemoteWritePath).ToString(),
                ["tls_config"] = spec.Credentials.HasCaBundle
                    ? new JsonObject
                    {
                        ["ca_file"] = AgentPaths.CaBundle,
                        ["cert_file"] = AgentPaths.ClientCertificate,
                        ["key_file"] = AgentPaths.ClientKey,
                    }
                    : new JsonObject
                    {
                        ["cert_file"] = AgentPaths.ClientCertificate,
                        ["key_file"] = AgentPaths.ClientKey,
                    },
                ["queue_config"] = queue,
            }),
        };
        const string file = "prometheus.yml";
        var args = new List<string>
        {
            $"--config.file={AgentPaths.ConfigDirectory}/{file}",
            "--enable-feature=agent",
            // The agent's WAL is its buffer: on the PVC it survives restarts.
            $"--storage.agent.path={AgentPaths.BufferDirectory}",
            edge ? "--storage.agent.retention.max-time=2h" : "--storage.agent.retention.max-time=12h",
            "--web.listen-address=:9090",
        };
        return new MetricsAgentConfig(file, YamlText.Write(config), args, 9090) { Document = config };
    }
}
