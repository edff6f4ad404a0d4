using System.Text.Json.Nodes;
using Mla.Exporters.Desired;
using Mla.Exporters.Rendering;

namespace Mla.Exporters.Agents;

/// <summary>
/// The rendered metrics-agent configuration made runnable on this machine (the embedded default's demo agents, the
/// end-to-end test): everything as rendered — external labels, limits, buffer, TLS files, flags — except the scrape
/// targets (static ones instead of Kubernetes discovery), the file paths (under <see cref="LocalPaths"/>), the
/// listen address and, where given, the push URL.
/// </summary>
public sealed record LocalAgentRun(string ConfigPath, string ConfigText, IReadOnlyList<string> Args)
{
    public static LocalAgentRun For(ClusterAgentsSpec spec, LocalPaths paths, IReadOnlyList<string> targets, string listenAddress, Uri? pushUrl = null)
    {
        var config = MetricsAgentConfig.For(spec with { ExtraScrapeConfigs = [] });
        var document = (JsonObject)config.Document.DeepClone();
        var job = new JsonObject
        {
            ["job_name"] = "mla",
            ["static_configs"] = new JsonArray(new JsonObject { ["targets"] = Manifest.Strings(targets) }),
        };
        if (spec.Limits.SampleLimitPerScrape is { } limit)
        {
            job["sample_limit"] = limit;
        }

        document["scrape_configs"] = new JsonArray(job);
        var vm = spec.MetricsAgent == MetricsAgentKind.VmAgent;
        if (!vm && pushUrl is not null)
        {
            document["remote_write"]![0]!["url"] = pushUrl.ToString();
        }

        var args = paths.Rewrite(config.Args).Select(arg =>
        {
            if (vm && pushUrl is not null && arg.StartsWith("-remoteWrite.url=", StringComparison.Ordinal))
            {
                return "-remoteWrite.url=" + pushUrl;
            }

            if (arg.StartsWith("-httpListenAddr=", StringComparison.Ordinal))
            {
                return "-httpListenAddr=" + listenAddress;
            }

            return arg.StartsWith("--web.listen-address=", StringComparison.Ordinal) ? "--web.listen-address=" + listenAddress : arg;
        }).ToList();
        return new LocalAgentRun(Path.Combine(paths.ConfigDirectory, config.FileName), paths.Rewrite(YamlText.Write(document)), args);
    }

    /// <summary>Writes the configuration and the credentials where the rewritten paths point (the key readable by the owner only).</summary>
    public void WriteFiles(LocalPaths paths, AgentCredentials credentials)
    {
        paths.CreateDirectories();
        File.WriteAllText(ConfigPath, ConfigText);
        File.WriteAllText(Path.Combine(paths.CredentialsDirectory, "tls.crt"), credentials.CertificatePem);
        File.WriteAllText(Path.Combine(paths.CredentialsDirectory, "ca.crt"), credentials.CaBundlePem);
        var key = Path.Combine(paths.CredentialsDirectory, "tls.key");
        File.WriteAllText(key, credentials.PrivateKeyPem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
