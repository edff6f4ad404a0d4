using System.Text.Json;
using Mla.Contracts.Clusters;

namespace Mla.Webhooks.CloudEvents.Payloads;

/// <summary><c>data</c> of <c>io.kubermatic.cluster.*</c>: mirrors the KKP Cluster fields MLA needs.</summary>
internal static class ClusterPayload
{
    public static ParsedObject Parse(JsonElement data, string path)
    {
        var id = JsonFields.RequireDnsLabel(data, "id", path);
        var name = JsonFields.RequireString(data, "name", path);
        var seed = JsonFields.RequireDnsLabel(data, "seed", path);
        var projectId = JsonFields.RequireDnsLabel(data, "projectId", path);
        var phase = JsonFields.RequireString(data, "phase", path);
        var specPath = JsonFields.Join(path, "spec");
        var spec = JsonFields.RequireObject(data, "spec", path);
        var mlaPath = JsonFields.Join(specPath, "mla");
        var mla = JsonFields.RequireObject(spec, "mla", specPath);
        var monitoring = JsonFields.RequireBool(mla, "monitoringEnabled", mlaPath);
        var logging = JsonFields.RequireBool(mla, "loggingEnabled", mlaPath);
        var labels = ParseLabels(data, path);
        var state = new ClusterState(id, name, seed, projectId, phase, monitoring, logging, labels);
        return new ParsedObject(id, id, seed, projectId, id, state);
    }

    private static Dictionary<string, string> ParseLabels(JsonElement data, string path)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonFields.OptionalObject(data, "labels", path) is not { } element)
        {
            return labels;
        }

        var labelsPath = JsonFields.Join(path, "labels");
        foreach (var label in element.EnumerateObject())
        {
            labels[label.Name] = label.Value.ValueKind == JsonValueKind.String
                ? label.Value.GetString()!
                : throw new EventValidationException(JsonFields.Join(labelsPath, label.Name), "label values must be strings");
        }

        return labels;
    }
}
