using System.Text.Json.Serialization;

namespace Mla.Exporters;

/// <summary>Where the desired objects go: into the user clusters (server-side apply) or into files (GitOps).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExportMode>))]
public enum ExportMode
{
    Render,
    Live,
}
