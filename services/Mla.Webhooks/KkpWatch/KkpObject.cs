using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// One object of a watched kind as the seed's API server returns it: the metadata typed, the rest kept as JSON and
/// read by <see cref="KkpObjectMapper"/> (only the fields MLA reads; anything else is ignored).
/// </summary>
public sealed class KkpObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public JsonElement? Spec { get; set; }

    [JsonPropertyName("status")]
    public JsonElement? Status { get; set; }

    /// <summary>A Secret's data (base64 values).</summary>
    [JsonPropertyName("data")]
    public JsonElement? Data { get; set; }

    [JsonIgnore]
    public string Key => Metadata.NamespaceProperty is { Length: > 0 } ns ? $"{ns}/{Metadata.Name}" : Metadata.Name;

    [JsonIgnore]
    public bool IsDeleting => Metadata.DeletionTimestamp is not null;
}
