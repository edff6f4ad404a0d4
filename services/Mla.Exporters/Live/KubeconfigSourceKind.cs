using System.Text.Json.Serialization;

namespace Mla.Exporters.Live;

[JsonConverter(typeof(JsonStringEnumConverter<KubeconfigSourceKind>))]
public enum KubeconfigSourceKind
{
    Directory,
    SeedSecret,
    Dapr,
}
