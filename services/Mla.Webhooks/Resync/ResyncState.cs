using System.Text.Json.Serialization;

namespace Mla.Webhooks.Resync;

/// <summary>Stored and shown by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResyncState>))]
public enum ResyncState
{
    Running,
    Completed,
    Failed,
}
