using System.Text.Json.Nodes;

namespace Mla.Chart.Tests.Rendering;

/// <summary>What <c>helm template</c> rendered for one value file: the YAML it printed and its objects.</summary>
public sealed class RenderedChart(string yaml, IReadOnlyList<JsonObject> objects)
{
    public string Yaml { get; } = yaml;

    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    /// <summary>"Kind/name" of every object, in rendering order.</summary>
    public IReadOnlyList<string> KindsAndNames => [.. Objects.Select(o => $"{o.StringAt("kind")}/{o.StringAt("metadata", "name")}")];

    public IReadOnlyList<RenderedDeployment> Deployments => [.. OfKind("Deployment").Select(d => new RenderedDeployment(d))];

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o.StringAt("kind") == kind);

    public JsonObject? Find(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => o.StringAt("metadata", "name") == name);

    /// <summary>The object of that kind and name; fails with the rendered list when there is none.</summary>
    public JsonObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new KeyNotFoundException($"no {kind}/{name}; rendered: {string.Join(", ", KindsAndNames)}");

    public RenderedDeployment Deployment(string name) => new(Get("Deployment", name));

    public static RenderedChart Parse(string yaml) => new(yaml, YamlDocuments.Parse(yaml));
}
