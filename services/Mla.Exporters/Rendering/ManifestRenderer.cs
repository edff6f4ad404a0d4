using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Mla.Exporters.Rendering;

/// <summary>
/// Render mode (GitOps): each cluster's objects as YAML files under <c>&lt;root&gt;/&lt;seed&gt;/&lt;cluster&gt;/</c>, one
/// object per file named by apply order, kind and name, plus a <c>kustomization.yaml</c> listing them. Byte for byte
/// deterministic; a file is written only when its content differs; files no longer desired are removed, and so is
/// the folder of a cluster that is gone. The Secret's file (it holds the private key) is readable by the owner only.
/// </summary>
public sealed class ManifestRenderer(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public static string FileName(int index, JsonObject obj) =>
        string.Create(CultureInfo.InvariantCulture, $"{index:D2}-{obj["kind"]!.GetValue<string>().ToLowerInvariant()}-{obj["metadata"]!["name"]!.GetValue<string>()}.yaml");

    public string ClusterDirectory(string seed, string clusterId) => Path.Combine(Root, SafeSegment(seed), SafeSegment(clusterId));

    /// <summary>Writes the cluster's folder; no objects: the folder goes (MLA off for it).</summary>
    public RenderedCluster Render(string seed, string clusterId, IReadOnlyList<JsonObject> objects)
    {
        var directory = ClusterDirectory(seed, clusterId);
        if (objects.Count == 0)
        {
            return Remove(seed, clusterId);
        }

        Directory.CreateDirectory(directory);
        var desired = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < objects.Count; i++)
        {
            desired[FileName(i + 1, objects[i])] = YamlText.Write(objects[i]);
        }

        var kustomization = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        foreach (var file in desired.Keys)
        {
            kustomization.Append("  - ").Append(file).Append('\n');
        }

        desired["kustomization.yaml"] = kustomization.ToString();
        var written = new List<string>();
        foreach (var (file, text) in desired)
        {
            var path = Path.Combine(directory, file);
            if (File.Exists(path) && File.ReadAllText(path) == text)
            {
                continue;
            }

            var temporary = path + ".tmp";
            File.WriteAllText(temporary, text, new UTF8Encoding(false));
            if (!OperatingSystem.IsWindows() && file.Contains("-secret-", StringComparison.Ordinal))
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
            written.Add(file);
        }

        var removed = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (!desired.ContainsKey(file))
            {
                File.Delete(path);
                removed.Add(file);
            }
        }

        return new RenderedCluster(directory, written, removed);
    }

    /// <summary>Removes a cluster's folder (and its seed's folder when that is left empty).</summary>
    public RenderedCluster Remove(string seed, string clusterId)
    {
        var directory = ClusterDirectory(seed, clusterId);
        if (!Directory.Exists(directory))
        {
            return new RenderedCluster(directory, [], []);
        }

        var files = Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Directory.Delete(directory, recursive: true);
        var seedDirectory = Path.GetDirectoryName(directory)!;
        if (Directory.Exists(seedDirectory) && !Directory.EnumerateFileSystemEntries(seedDirectory).Any())
        {
            Directory.Delete(seedDirectory);
        }

        return new RenderedCluster(directory, [], files!);
    }

    /// <summary>Removes every cluster folder not in <paramref name="keep"/> (seed, cluster); returns the removed ones.</summary>
    public IReadOnlyList<(string Seed, string ClusterId)> Prune(IReadOnlySet<(string Seed, string ClusterId)> keep)
    {
        var removed = new List<(string, string)>();
        if (!Directory.Exists(Root))
        {
            return removed;
        }

        foreach (var seedDirectory in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal).ToList())
        {
            var seed = Path.GetFileName(seedDirectory);
            foreach (var clusterDirectory in Directory.EnumerateDirectories(seedDirectory).Order(StringComparer.Ordinal).ToList())
            {
                var cluster = Path.GetFileName(clusterDirectory);
                if (!keep.Contains((seed, cluster)))
                {
                    Remove(seed, cluster);
                    removed.Add((seed, cluster));
                }
            }
        }

        return removed;
    }

    /// <summary>Seed and cluster ids become folder names: only what a Kubernetes name may hold.</summary>
    private static string SafeSegment(string value)
    {
        if (value.Length is 0 or > 253 || value is "." or ".." || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
        {
            throw new ArgumentException($"'{value}' cannot be a folder name (letters, digits, '-', '.', '_' only)", nameof(value));
        }

        return value;
    }
}
