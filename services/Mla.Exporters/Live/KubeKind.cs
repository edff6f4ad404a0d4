namespace Mla.Exporters.Live;

/// <summary>A resource kind as the API serves it.</summary>
public sealed record KubeKind(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public string Path(string? ns, string? name = null)
    {
        var prefix = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        var scope = Namespaced && ns is not null ? $"/namespaces/{Uri.EscapeDataString(ns)}" : "";
        return name is null ? $"{prefix}{scope}/{Plural}" : $"{prefix}{scope}/{Plural}/{Uri.EscapeDataString(name)}";
    }
}
