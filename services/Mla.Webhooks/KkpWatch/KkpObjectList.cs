using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mla.Webhooks.KkpWatch;

/// <summary>A list of <see cref="KkpObject"/> with its collection resourceVersion and continue token.</summary>
public sealed class KkpObjectList : IKubernetesObject<V1ListMeta>, IItems<KkpObject>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<KkpObject> Items { get; set; } = [];
}
