using System.Text.Json.Nodes;

namespace Mla.Chart.Tests.Rendering;

/// <summary>A rendered Deployment of one MLA service and its single container.</summary>
public sealed class RenderedDeployment(JsonObject deployment)
{
    public JsonObject Manifest { get; } = deployment;

    public string Name => Manifest.StringAt("metadata", "name")!;

    public string? Component => Manifest.MapAt("metadata", "labels").GetValueOrDefault("app.kubernetes.io/component");

    public JsonNode? Replicas => Manifest.At("spec", "replicas");

    public IReadOnlyDictionary<string, string> SelectorLabels => Manifest.MapAt("spec", "selector", "matchLabels");

    public IReadOnlyDictionary<string, string> PodLabels => Manifest.MapAt("spec", "template", "metadata", "labels");

    public IReadOnlyDictionary<string, string> PodAnnotations => Manifest.MapAt("spec", "template", "metadata", "annotations");

    public JsonObject PodSpec => (JsonObject)Manifest.At("spec", "template", "spec")!;

    public JsonObject Container => PodSpec.ObjectsAt("containers") is [var only] ? only : throw new FormatException($"{Name} has not exactly one container");

    public IReadOnlyList<EnvVar> Env => [.. Container.ObjectsAt("env").Select(EnvVar.From)];

    /// <summary>The variable named <paramref name="name"/>; fails when it is missing or set twice.</summary>
    public EnvVar EnvNamed(string name) => Env.Where(e => e.Name == name).ToList() switch
    {
        [var only] => only,
        [] => throw new KeyNotFoundException($"{Name} has no env {name}; it has {string.Join(", ", Env.Select(e => e.Name))}"),
        _ => throw new InvalidOperationException($"{Name} sets env {name} more than once"),
    };

    /// <summary>The literal value of the variable <paramref name="name"/>.</summary>
    public string? EnvValue(string name) => EnvNamed(name).Value;

    public bool HasEnv(string name) => Env.Any(e => e.Name == name);

    /// <summary>The container port number of the port named <paramref name="portName"/>, or null.</summary>
    public long? ContainerPort(string portName) =>
        Container.ObjectsAt("ports").FirstOrDefault(p => p.StringAt("name") == portName)?.At("containerPort")?.GetValue<long>();
}
