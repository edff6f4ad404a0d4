using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Store;
using Mla.Kubernetes.TestServer.Yaml;

namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>Applies the manifests of a directory (.yaml, .yml, .json, in name order; multi-document YAML) to a server.</summary>
public static class ManifestDirectory
{
    public static IReadOnlyList<string> Apply(KubeApiServer server, string directory, string fieldManager = "kube-test-server")
    {
        var applied = new List<string>();
        var files = Directory.GetFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var document in YamlToJson.ParseDocuments(File.ReadAllText(file)).OfType<JsonObject>())
            {
                var obj = server.Apply(document, fieldManager);
                applied.Add($"{Json.Str(obj, "kind")}/{Json.Name(obj)}");
            }
        }
        return applied;
    }
}
