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
        // The rendered jobs' limits stay on the static job.
        var first = (JsonObject)document["scrape_configs"]![0]!;
        foreach (var key in LimitKeys)
        {
            if (first[key] is { } value)
            {
                job[key] = value.DeepClone();
            }
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

    /// <summary>
    /// The same from a rendered cluster folder (what GitOps would apply): the metrics agent's ConfigMap and the
    /// StatefulSet's container arguments, read back from the files; vmagent only.
    /// </summary>
    public static LocalAgentRun FromRendered(string folder, LocalPaths paths, IReadOnlyList<string> targets, string listenAddress, Uri pushUrl)
    {
        var configMap = ReadYaml(Directory.EnumerateFiles(folder, "*-configmap-" + AgentComponents.MetricsAgent + ".yaml").Single());
        var statefulSet = ReadYaml(Directory.EnumerateFiles(folder, "*-statefulset-" + AgentComponents.MetricsAgent + ".yaml").Single());
        var data = (Dictionary<object, object>)((Dictionary<object, object>)configMap)["data"];
        var (fileName, text) = data.Select(kv => ((string)kv.Key, (string)kv.Value)).Single();
        var container = (Dictionary<object, object>)((List<object>)Walk(statefulSet, "spec", "template", "spec", "containers"))[0];
        if ((string)container["name"] != "vmagent")
        {
            throw new InvalidOperationException("the rendered metrics agent is not vmagent");
        }

        // Replace the scrape jobs (Kubernetes discovery) by the static targets; everything else stays as rendered.
        var start = text.IndexOf("scrape_configs:\n", StringComparison.Ordinal);
        var rest = text[(start + "scrape_configs:\n".Length)..];
        var next = rest.Split('\n').TakeWhile(line => line.Length == 0 || line.StartsWith(' ')).Sum(line => line.Length + 1);
        var staticJob = new JsonObject
        {
            ["job_name"] = "mla",
            ["static_configs"] = new JsonArray(new JsonObject { ["targets"] = Manifest.Strings(targets) }),
        };
        var firstJob = (Dictionary<object, object>)((List<object>)((Dictionary<object, object>)new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(text)!)["scrape_configs"])[0];
        foreach (var key in LimitKeys)
        {
            if (firstJob.TryGetValue(key, out var value))
            {
                staticJob[key] = long.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var job = new JsonObject { ["scrape_configs"] = new JsonArray(staticJob) };
        var rewritten = text[..start] + YamlText.Write(job) + (next < rest.Length ? rest[next..] : "");
        var args = paths.Rewrite(((List<object>)container["args"]).Cast<string>()).Select(arg =>
            arg.StartsWith("-remoteWrite.url=", StringComparison.Ordinal) ? "-remoteWrite.url=" + pushUrl
            : arg.StartsWith("-httpListenAddr=", StringComparison.Ordinal) ? "-httpListenAddr=" + listenAddress
            : arg).ToList();
        return new LocalAgentRun(Path.Combine(paths.ConfigDirectory, fileName), paths.Rewrite(rewritten), args);
    }

    private static readonly string[] LimitKeys = ["sample_limit", "series_limit"];

    private static object ReadYaml(string path) => new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path))!;

    private static object Walk(object node, params string[] keys) =>
        keys.Aggregate(node, (current, key) => ((Dictionary<object, object>)current)[key]);

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
